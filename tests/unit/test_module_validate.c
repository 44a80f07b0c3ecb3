/* The core module validator: modules built by hand (comp_module structs
 * with raw body bytes), one rule per case, valid and invalid. Messages are
 * the ones the core test suite's assert_invalid cases expect. */
#include "unit.h"

#include <stdbool.h>
#include <string.h>

#include "comp/module.h"

/* A module under construction: fixed arrays behind a comp_module. */
typedef struct fx {
    comp_module m;
    comp_functype types[8];
    comp_valtype typebytes[8][2][8];
    comp_import imports[8];
    uint32_t funcs[8];
    comp_code codes[8];
    comp_tabletype tables[4];
    comp_limits memories[4];
    comp_global globals[4];
    comp_export exports[4];
    comp_elem elems[4];
    uint32_t elem_funcs[4][4];
    comp_data datas[4];
    comp_tagtype tags[2];
} fx;

#define B(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static comp_valtype type_char(char c)
{
    switch (c) {
    case 'i': return COMP_I32;
    case 'I': return COMP_I64;
    case 'f': return COMP_F32;
    case 'F': return COMP_F64;
    case 'v': return COMP_V128;
    case 'r': return COMP_FUNCREF;
    default: return COMP_EXTERNREF;
    }
}

static void fx_init(fx *f)
{
    memset(f, 0, sizeof *f);
    f->m.types = f->types;
    f->m.imports = f->imports;
    f->m.funcs = f->funcs;
    f->m.codes = f->codes;
    f->m.tables = f->tables;
    f->m.memories = f->memories;
    f->m.globals = f->globals;
    f->m.exports = f->exports;
    f->m.elems = f->elems;
    f->m.datas = f->datas;
    f->m.tags = f->tags;
}

/* Adds a function type; params and results as letters (see type_char). */
static uint32_t fx_type(fx *f, const char *params, const char *results)
{
    uint32_t i = f->m.type_count++;
    comp_functype *t = &f->types[i];
    t->params = f->typebytes[i][0];
    t->results = f->typebytes[i][1];
    for (; params[t->param_count]; t->param_count++)
        t->params[t->param_count] = type_char(params[t->param_count]);
    for (; results[t->result_count]; t->result_count++)
        t->results[t->result_count] = type_char(results[t->result_count]);
    return i;
}

/* Sets the body of defined function `i`: it sits at offset 100 * (i + 1),
 * so error offsets are checkable. */
static void fx_body(fx *f, uint32_t i, const uint8_t *body, size_t len)
{
    f->codes[i] = (comp_code){body, (uint32_t)len, 100 * (i + 1)};
}

/* Adds a defined function: `body` is locals then code with its final end. */
static void fx_func(fx *f, uint32_t type, const uint8_t *body, size_t len)
{
    uint32_t i = f->m.func_count++;
    f->funcs[i] = type;
    fx_body(f, i, body, len);
    f->m.code_count++;
}

static void fx_memory(fx *f, uint64_t min, bool has_max, uint64_t max)
{
    f->memories[f->m.memory_count++] =
        (comp_limits){has_max ? COMP_LIMITS_HAS_MAX : 0, min, max};
}

static void fx_table(fx *f, comp_valtype elem, uint64_t min)
{
    f->tables[f->m.table_count++] = (comp_tabletype){elem, {0, min, 0}};
}

static void fx_global(fx *f, comp_valtype t, uint8_t mut, const uint8_t *init, size_t len)
{
    f->globals[f->m.global_count++] =
        (comp_global){{t, mut}, {init, (uint32_t)len, 0}};
}

static void fx_import_global(fx *f, comp_valtype t, uint8_t mut)
{
    comp_import *im = &f->imports[f->m.import_count++];
    im->kind = COMP_EXTERN_GLOBAL;
    im->desc.global = (comp_globaltype){t, mut};
    f->m.imported_globals++;
}

static void fx_export(fx *f, const char *name, uint8_t kind, uint32_t index)
{
    f->exports[f->m.export_count++] =
        (comp_export){{name, (uint32_t)strlen(name)}, kind, index, 0};
}

static void expect_ok_with(fx *f, uint32_t features)
{
    comp_error err = {0};
    bool ok = comp_module_validate(&f->m, features, &err);
    if (!ok)
        fail_msg("unexpected error at %zu: %s", err.offset, err.message);
}

static void expect_ok(fx *f) { expect_ok_with(f, COMP_FEATURES_DEFAULT); }

/* The error must start with `msg` (like the spec's assert_invalid). */
static comp_error expect_error_with(fx *f, uint32_t features, const char *msg)
{
    comp_error err = {0};
    bool ok = comp_module_validate(&f->m, features, &err);
    if (ok)
        fail_msg("expected \"%s\", but the module validated", msg);
    if (strncmp(err.message, msg, strlen(msg)) != 0)
        fail_msg("expected \"%s\", got \"%s\"", msg, err.message);
    return err;
}

static comp_error expect_error(fx *f, const char *msg)
{
    return expect_error_with(f, COMP_FEATURES_DEFAULT, msg);
}

/* One function of type `params` -> `results` with `body`. */
static void one_func(fx *f, const char *params, const char *results, const uint8_t *body,
                     size_t len)
{
    fx_init(f);
    fx_func(f, fx_type(f, params, results), body, len);
}

static void body_ok(const char *params, const char *results, const uint8_t *body, size_t len)
{
    fx f;
    one_func(&f, params, results, body, len);
    expect_ok(&f);
}

static void body_error(const char *params, const char *results, const uint8_t *body,
                       size_t len, const char *msg)
{
    fx f;
    one_func(&f, params, results, body, len);
    expect_error(&f, msg);
}

/* ---- module level -------------------------------------------------------- */

static void empty_module(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    expect_ok(&f);
    expect_ok_with(&f, COMP_FEATURES_WASM2);
}

static void section_counts(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "", B(0x00, 0x0b));
    f.m.code_count = 0;
    expect_error(&f, "function and code section have inconsistent lengths");

    fx_init(&f);
    f.m.has_data_count = true;
    f.m.data_count = 1;
    expect_error(&f, "data count and data section have inconsistent lengths");
}

static void function_type_index(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "", B(0x00, 0x0b));
    f.funcs[0] = 3;
    expect_error(&f, "unknown type");
}

static void memory_limits(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_memory(&f, 0, true, 65536);
    expect_ok(&f);

    fx_init(&f);
    fx_memory(&f, 1, true, 0);
    expect_error(&f, "size minimum must not be greater than maximum");

    fx_init(&f);
    fx_memory(&f, 65537, false, 0);
    expect_error(&f, "memory size must be at most 65536 pages (4GiB)");

    fx_init(&f);
    fx_memory(&f, 0, true, 4294967295u);
    expect_error(&f, "memory size must be at most 65536 pages (4GiB)");

    fx_init(&f);
    f.memories[f.m.memory_count++] = (comp_limits){COMP_LIMITS_SHARED | COMP_LIMITS_HAS_MAX, 1, 1};
    expect_error(&f, "shared memories require the threads feature");
    expect_ok_with(&f, COMP_FEATURE_THREADS);
    f.memories[0].flags = COMP_LIMITS_SHARED;
    expect_error_with(&f, COMP_FEATURE_THREADS, "shared memory must have maximum");
}

static void multiple_memories(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_memory(&f, 0, false, 0);
    fx_memory(&f, 0, false, 0);
    expect_error_with(&f, COMP_FEATURES_WASM2, "multiple memories");
    expect_ok(&f);

    /* An imported memory counts too. */
    fx_init(&f);
    f.imports[0].kind = COMP_EXTERN_MEMORY;
    f.m.import_count = 1;
    f.m.imported_memories = 1;
    fx_memory(&f, 0, false, 0);
    expect_error_with(&f, COMP_FEATURES_WASM2, "multiple memories");
}

static void table_limits(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_table(&f, COMP_FUNCREF, 1);
    fx_table(&f, COMP_EXTERNREF, 0); /* several tables are fine in 2.0 */
    expect_ok_with(&f, COMP_FEATURES_WASM2);
    f.tables[0].limits = (comp_limits){COMP_LIMITS_HAS_MAX, 0xffffffffu, 0};
    expect_error(&f, "size minimum must not be greater than maximum");
    f.tables[0].limits = (comp_limits){0, 0, 0};
    f.tables[0].elem = COMP_I32;
    expect_error(&f, "malformed reference type");
}

static void exports(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "", B(0x00, 0x0b));
    fx_memory(&f, 0, false, 0);
    fx_export(&f, "a", COMP_EXTERN_FUNC, 0);
    fx_export(&f, "b", COMP_EXTERN_MEMORY, 0);
    expect_ok(&f);
    fx_export(&f, "a", COMP_EXTERN_MEMORY, 0);
    expect_error(&f, "duplicate export name");
    f.m.export_count = 2;
    f.exports[1].index = 1;
    expect_error(&f, "unknown memory 1");
    f.exports[1] = f.exports[0];
    f.exports[1].name = (comp_str){"c", 1};
    f.exports[1].index = 1;
    expect_error(&f, "unknown function 1");
    f.exports[1].kind = COMP_EXTERN_GLOBAL;
    expect_error(&f, "unknown global 1");
    f.exports[1].kind = COMP_EXTERN_TABLE;
    expect_error(&f, "unknown table 1");
}

static void start_function(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "", B(0x00, 0x0b));
    f.m.has_start = true;
    expect_ok(&f);
    f.m.start = 1;
    expect_error(&f, "unknown function 1");

    one_func(&f, "i", "", B(0x00, 0x0b));
    f.m.has_start = true;
    expect_error(&f, "start function");
    one_func(&f, "", "i", B(0x00, 0x41, 0x00, 0x0b));
    f.m.has_start = true;
    expect_error(&f, "start function");
}

static void global_initializers(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_global(&f, COMP_I32, 0, B(0x41, 0x05, 0x0b));
    fx_global(&f, COMP_F64, 1, B(0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b));
    fx_global(&f, COMP_FUNCREF, 0, B(0xd0, 0x70, 0x0b));
    expect_ok_with(&f, COMP_FEATURES_WASM2);

    fx_init(&f);
    fx_global(&f, COMP_I32, 0, B(0x42, 0x00, 0x0b));
    expect_error(&f, "type mismatch");

    fx_init(&f); /* two values */
    fx_global(&f, COMP_I32, 0, B(0x41, 0x00, 0x41, 0x00, 0x0b));
    expect_error(&f, "type mismatch");

    fx_init(&f); /* empty */
    fx_global(&f, COMP_I32, 0, B(0x0b));
    expect_error(&f, "type mismatch");

    fx_init(&f); /* i32.ctz is not constant */
    fx_global(&f, COMP_I32, 0, B(0x41, 0x00, 0x68, 0x0b));
    expect_error(&f, "constant expression required");

    fx_init(&f); /* nop is not constant */
    fx_global(&f, COMP_I32, 0, B(0x01, 0x41, 0x00, 0x0b));
    expect_error(&f, "constant expression required");
}

static void global_get_in_initializers(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_import_global(&f, COMP_I32, 0);
    fx_global(&f, COMP_I32, 0, B(0x23, 0x00, 0x0b));
    expect_ok(&f);
    /* Only imported globals are visible to initializers. */
    fx_global(&f, COMP_I32, 0, B(0x23, 0x01, 0x0b));
    expect_error(&f, "unknown global 1");

    fx_init(&f);
    fx_global(&f, COMP_I32, 0, B(0x23, 0x00, 0x0b));
    expect_error(&f, "unknown global 0");

    fx_init(&f);
    fx_import_global(&f, COMP_I32, 1);
    fx_global(&f, COMP_I32, 0, B(0x23, 0x00, 0x0b));
    expect_error(&f, "constant expression required");

    fx_init(&f);
    fx_import_global(&f, COMP_I64, 0);
    fx_global(&f, COMP_I32, 0, B(0x23, 0x00, 0x0b));
    expect_error(&f, "type mismatch");
}

static void extended_constants(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_global(&f, COMP_I32, 0, B(0x41, 0x01, 0x41, 0x02, 0x6a, 0x41, 0x03, 0x6c, 0x0b));
    fx_global(&f, COMP_I64, 0, B(0x42, 0x01, 0x42, 0x02, 0x7d, 0x0b));
    expect_ok(&f);
    expect_error_with(&f, COMP_FEATURES_WASM2, "constant expression required");

    fx_init(&f);
    fx_global(&f, COMP_I32, 0, B(0x41, 0x01, 0x42, 0x02, 0x6a, 0x0b));
    expect_error(&f, "type mismatch");
    fx_init(&f); /* i32.div_s stays non-constant */
    fx_global(&f, COMP_I32, 0, B(0x41, 0x01, 0x41, 0x02, 0x6d, 0x0b));
    expect_error(&f, "constant expression required");
}

static void element_segments(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "", B(0x00, 0x0b));
    fx_table(&f, COMP_FUNCREF, 1);
    f.elem_funcs[0][0] = 0;
    f.elems[0] = (comp_elem){.flags = 0, .table = 0, .offset = {B(0x41, 0x00, 0x0b), 0},
                             .type = COMP_FUNCREF, .count = 1, .funcs = f.elem_funcs[0]};
    f.m.elem_count = 1;
    expect_ok(&f);

    f.elems[0].table = 1;
    expect_error(&f, "unknown table 1");
    f.elems[0].table = 0;
    f.elem_funcs[0][0] = 1;
    expect_error(&f, "unknown function 1");
    f.elem_funcs[0][0] = 0;
    f.elems[0].offset = (comp_expr){B(0x42, 0x00, 0x0b), 0};
    expect_error(&f, "type mismatch");
    f.elems[0].offset = (comp_expr){B(0x41, 0x00, 0x0b), 0};
    f.tables[0].elem = COMP_EXTERNREF;
    expect_error(&f, "type mismatch");

    /* Passive segment of expressions. */
    comp_expr exprs[2] = {{B(0xd2, 0x00, 0x0b), 0}, {B(0xd0, 0x70, 0x0b), 0}};
    f.elems[0] = (comp_elem){.flags = 5, .type = COMP_FUNCREF, .count = 2, .exprs = exprs};
    expect_ok(&f);
    exprs[1] = (comp_expr){B(0xd0, 0x6f, 0x0b), 0};
    expect_error(&f, "type mismatch");
    exprs[1] = (comp_expr){B(0xd2, 0x07, 0x0b), 0};
    expect_error(&f, "unknown function 7");
}

static void data_segments(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    f.datas[0] = (comp_data){.flags = 0, .offset = {B(0x41, 0x00, 0x0b), 0}};
    f.m.data_segment_count = 1;
    expect_error(&f, "unknown memory 0");
    fx_memory(&f, 1, false, 0);
    expect_ok(&f);
    f.datas[0].flags = 2;
    f.datas[0].memory = 1;
    expect_error(&f, "unknown memory 1");
    f.datas[0].memory = 0;
    f.datas[0].offset = (comp_expr){B(0x43, 0, 0, 0, 0, 0x0b), 0};
    expect_error(&f, "type mismatch");
    f.datas[0].flags = 1; /* passive: no memory needed */
    f.m.memory_count = 0;
    expect_ok(&f);
}

static void tags(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    fx_type(&f, "i", "");
    f.tags[0] = (comp_tagtype){0, 0};
    f.m.tag_count = 1;
    expect_ok(&f);
    expect_error_with(&f, COMP_FEATURES_WASM2, "tags require the exceptions feature");
    fx_type(&f, "", "i");
    f.tags[0].type = 1;
    expect_error(&f, "non-empty tag result type");
    f.tags[0].type = 2;
    expect_error(&f, "unknown type 2");
}

/* ---- function bodies -------------------------------------------------------- */

static void numeric_typing(void **state)
{
    (void)state;
    body_ok("ii", "i", B(0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b));
    body_ok("I", "i", B(0x00, 0x20, 0x00, 0xa7, 0x0b)); /* i32.wrap_i64 */
    body_ok("", "F", B(0x00, 0x43, 0, 0, 0, 0, 0xbb, 0x0b)); /* f64.promote_f32 */
    body_ok("F", "I", B(0x00, 0x20, 0x00, 0xfc, 0x06, 0x0b)); /* i64.trunc_sat_f64_s */
    body_error("iI", "i", B(0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b), "type mismatch");
    body_error("", "i", B(0x00, 0x41, 0x00, 0x6a, 0x0b), "type mismatch"); /* one operand */
    body_error("", "i", B(0x00, 0x42, 0x00, 0x0b), "type mismatch");     /* wrong result */
    body_error("", "", B(0x00, 0x41, 0x00, 0x0b), "type mismatch");      /* left over */
    body_error("", "i", B(0x00, 0x0b), "type mismatch");                 /* missing */
}

static void error_offset_points_at_instruction(void **state)
{
    (void)state;
    fx f;
    /* body at offset 100: locals(1) i32.const 0 (2) i64.const 0 (2) i32.add */
    one_func(&f, "", "i", B(0x00, 0x41, 0x00, 0x42, 0x00, 0x6a, 0x0b));
    comp_error err = expect_error(&f, "type mismatch");
    assert_int_equal(err.offset, 105);
}

static void locals(void **state)
{
    (void)state;
    /* (local i64 i64) local.get 2 */
    body_ok("i", "I", B(0x01, 0x02, 0x7e, 0x20, 0x02, 0x0b));
    body_error("i", "I", B(0x01, 0x02, 0x7e, 0x20, 0x03, 0x0b), "unknown local 3");
    body_error("i", "", B(0x01, 0x02, 0x7e, 0x42, 0x00, 0x21, 0x00, 0x0b), "type mismatch");
    body_ok("", "f", B(0x01, 0x01, 0x7d, 0x43, 0, 0, 0, 0, 0x22, 0x00, 0x0b));
    /* 0xffffffff i32 then 2 i64 */
    body_error("", "", B(0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b),
               "too many locals");
    body_error("", "", B(0x01, 0x01, 0x40, 0x0b), "malformed value type");
}

static void globals_in_code(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "i", B(0x00, 0x23, 0x00, 0x41, 0x01, 0x24, 0x01, 0x0b));
    fx_global(&f, COMP_I32, 0, B(0x41, 0x00, 0x0b));
    fx_global(&f, COMP_I32, 1, B(0x41, 0x00, 0x0b));
    expect_ok(&f);
    f.globals[1].type.mutability = 0;
    expect_error(&f, "global is immutable");
    f.m.global_count = 1;
    expect_error(&f, "unknown global 1");
}

static void blocks_and_branches(void **state)
{
    (void)state;
    /* block (result i32) i32.const 1 end */
    body_ok("", "i", B(0x00, 0x02, 0x7f, 0x41, 0x01, 0x0b, 0x0b));
    /* block (result i32) br 0 with the value */
    body_ok("", "i", B(0x00, 0x02, 0x7f, 0x41, 0x01, 0x0c, 0x00, 0x0b, 0x0b));
    /* a loop's label takes its (empty) params, a block's its results */
    body_ok("", "i", B(0x00, 0x03, 0x7f, 0x41, 0x00, 0x0d, 0x00, 0x41, 0x01, 0x0b, 0x0b));
    body_error("", "i", B(0x00, 0x02, 0x7f, 0x41, 0x00, 0x0d, 0x00, 0x41, 0x01, 0x0b, 0x0b),
               "type mismatch");
    body_error("", "", B(0x00, 0x0c, 0x01, 0x0b), "unknown label 1");
    body_ok("", "", B(0x00, 0x0c, 0x00, 0x0b)); /* branch to the function */
    /* br_if keeps the label's values */
    body_ok("i", "i", B(0x00, 0x02, 0x7f, 0x41, 0x07, 0x20, 0x00, 0x0d, 0x00, 0x0b, 0x0b));
    body_error("", "", B(0x00, 0x02, 0x40, 0x42, 0x00, 0x0d, 0x00, 0x0b, 0x0b), "type mismatch");
    /* return */
    body_ok("", "i", B(0x00, 0x41, 0x00, 0x0f, 0x0b));
    body_error("", "i", B(0x00, 0x42, 0x00, 0x0f, 0x0b), "type mismatch");
    /* block contents cannot reach outside operands */
    body_error("", "", B(0x00, 0x41, 0x00, 0x02, 0x40, 0x1a, 0x0b, 0x0b), "type mismatch");
}

static void if_else(void **state)
{
    (void)state;
    /* if (result i32) 1 else 2 end */
    body_ok("i", "i", B(0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x0b));
    /* if with a result needs an else */
    body_error("i", "i", B(0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x0b, 0x0b), "type mismatch");
    /* else branch with the wrong type */
    body_error("i", "i", B(0x00, 0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x42, 0x02, 0x0b, 0x0b),
               "type mismatch");
    /* condition must be i32 */
    body_error("", "", B(0x00, 0x42, 0x00, 0x04, 0x40, 0x0b, 0x0b), "type mismatch");
    /* else without if */
    body_error("", "", B(0x00, 0x02, 0x40, 0x05, 0x0b, 0x0b), "else");
}

static void multi_value_blocks(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    uint32_t fn = fx_type(&f, "", "iI");
    uint32_t bt = fx_type(&f, "i", "iI");
    (void)bt;
    /* i32.const 1; block (type 1) i64.const 2 end */
    fx_func(&f, fn, B(0x00, 0x41, 0x01, 0x02, 0x01, 0x42, 0x02, 0x0b, 0x0b));
    expect_ok(&f);

    fx_init(&f);
    fn = fx_type(&f, "", "iI");
    fx_type(&f, "i", "iI");
    fx_func(&f, fn, B(0x00, 0x42, 0x01, 0x02, 0x01, 0x42, 0x02, 0x0b, 0x0b));
    expect_error(&f, "type mismatch");

    fx_init(&f);
    fn = fx_type(&f, "", "");
    fx_func(&f, fn, B(0x00, 0x02, 0x05, 0x0b, 0x0b));
    expect_error(&f, "unknown type 5");

    /* loop with a parameter: br 0 passes it again */
    fx_init(&f);
    fn = fx_type(&f, "", "");
    fx_type(&f, "i", "");
    fx_func(&f, fn, B(0x00, 0x41, 0x00, 0x03, 0x01, 0x0c, 0x00, 0x0b, 0x0b));
    expect_ok(&f);
}

static void br_tables(void **state)
{
    (void)state;
    /* block (result i32) block (result i32) 1 (x) br_table 0 1 1 end end */
    body_ok("i", "i", B(0x00, 0x02, 0x7f, 0x02, 0x7f, 0x41, 0x01, 0x20, 0x00, 0x0e, 0x02, 0x00,
                        0x01, 0x01, 0x0b, 0x0b, 0x0b));
    /* targets of different arity */
    body_error("i", "i", B(0x00, 0x02, 0x7f, 0x02, 0x40, 0x41, 0x01, 0x20, 0x00, 0x0e, 0x01, 0x00,
                           0x01, 0x0b, 0x41, 0x00, 0x0b, 0x0b),
               "type mismatch");
    /* targets of same arity, different types */
    body_error("i", "i", B(0x00, 0x02, 0x7f, 0x02, 0x7e, 0x41, 0x01, 0x20, 0x00, 0x0e, 0x01, 0x00,
                           0x01, 0x0b, 0x1a, 0x41, 0x00, 0x0b, 0x0b),
               "type mismatch");
    body_error("i", "", B(0x00, 0x20, 0x00, 0x0e, 0x01, 0x05, 0x00, 0x0b), "unknown label 5");
    body_error("i", "", B(0x00, 0x20, 0x00, 0x0e, 0x00, 0x01, 0x0b), "unknown label 1");
    /* unreachable operands match any target */
    body_ok("", "i", B(0x00, 0x02, 0x7f, 0x02, 0x7e, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x1a,
                       0x41, 0x00, 0x0b, 0x0b));
}

static void unreachable_code(void **state)
{
    (void)state;
    body_ok("", "i", B(0x00, 0x00, 0x6a, 0x0b));             /* unreachable i32.add */
    body_ok("", "", B(0x00, 0x00, 0x6a, 0x1a, 0x0b));        /* ... drop */
    body_error("", "", B(0x00, 0x00, 0x42, 0x00, 0x6a, 0x1a, 0x0b), "type mismatch");
    body_ok("", "I", B(0x00, 0x00, 0x1b, 0x0b));             /* select of unknowns */
    /* one known operand fixes select's type */
    body_error("", "i", B(0x00, 0x00, 0x42, 0x00, 0x41, 0x00, 0x1b, 0x0b), "type mismatch");
}

static void select_rules(void **state)
{
    (void)state;
    body_ok("ii", "i", B(0x00, 0x20, 0x00, 0x20, 0x01, 0x41, 0x00, 0x1b, 0x0b));
    body_error("iI", "i", B(0x00, 0x20, 0x00, 0x20, 0x01, 0x41, 0x00, 0x1b, 0x0b),
               "type mismatch");
    /* untyped select rejects references */
    body_error("", "r", B(0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00, 0x1b, 0x0b), "type mismatch");
    body_ok("", "r", B(0x00, 0xd0, 0x70, 0xd0, 0x70, 0x41, 0x00, 0x1c, 0x01, 0x70, 0x0b));
    body_error("", "i", B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x02, 0x7f, 0x7f, 0x0b),
               "invalid result arity");
    body_error("", "i", B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x00, 0x0b),
               "invalid result arity");
}

static void calls(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    uint32_t t0 = fx_type(&f, "iI", "f");
    uint32_t t1 = fx_type(&f, "", "f");
    fx_func(&f, t0, B(0x00, 0x43, 0, 0, 0, 0, 0x0b));
    fx_func(&f, t1, B(0x00, 0x41, 0x01, 0x42, 0x02, 0x10, 0x00, 0x0b));
    expect_ok(&f);
    fx_body(&f, 1, B(0x00, 0x42, 0x01, 0x42, 0x02, 0x10, 0x00, 0x0b));
    expect_error(&f, "type mismatch");
    fx_body(&f, 1, B(0x00, 0x10, 0x02, 0x0b));
    expect_error(&f, "unknown function 2");

    /* call_indirect (type 1) through table 0 */
    fx_body(&f, 1, B(0x00, 0x41, 0x00, 0x11, 0x01, 0x00, 0x0b));
    expect_error(&f, "unknown table 0");
    fx_table(&f, COMP_FUNCREF, 1);
    expect_ok(&f);
    fx_body(&f, 1, B(0x00, 0x41, 0x00, 0x11, 0x04, 0x00, 0x0b));
    expect_error(&f, "unknown type 4");
    fx_body(&f, 1, B(0x00, 0x11, 0x01, 0x00, 0x0b));
    expect_error(&f, "type mismatch");
    f.tables[0].elem = COMP_EXTERNREF;
    fx_body(&f, 1, B(0x00, 0x41, 0x00, 0x11, 0x01, 0x00, 0x0b));
    expect_error(&f, "type mismatch");
}

static void memory_access(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "i", "I", B(0x00, 0x20, 0x00, 0x29, 0x03, 0x08, 0x0b)); /* i64.load align=8 */
    expect_error(&f, "unknown memory 0");
    fx_memory(&f, 1, false, 0);
    expect_ok(&f);
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x29, 0x04, 0x08, 0x0b));
    expect_error(&f, "alignment must not be larger than natural");
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x30, 0x01, 0x00, 0x0b)); /* load8 align 2 */
    expect_error(&f, "alignment must not be larger than natural");
    /* store: address then value */
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x42, 0x00, 0x37, 0x03, 0x00, 0x42, 0x00, 0x0b));
    expect_ok(&f);
    fx_body(&f, 0, B(0x00, 0x42, 0x00, 0x20, 0x00, 0x37, 0x03, 0x00, 0x42, 0x00, 0x0b));
    expect_error(&f, "type mismatch");
    /* memory index 1 through the memarg flag */
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x29, 0x43, 0x01, 0x00, 0x0b));
    expect_error(&f, "unknown memory 1");
    fx_memory(&f, 1, false, 0);
    expect_ok(&f);
    /* memory.size / memory.grow */
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x40, 0x00, 0x3f, 0x01, 0x6a, 0xad, 0x0b));
    expect_ok(&f);
    f.m.memory_count = 1;
    expect_error_with(&f, COMP_FEATURES_WASM2, "zero byte expected");
    expect_error(&f, "unknown memory 1");
}

static void memory64(void **state)
{
    (void)state;
    fx f;
    /* i64 address: (param i64) i32.load */
    one_func(&f, "I", "i", B(0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b));
    f.memories[f.m.memory_count++] = (comp_limits){COMP_LIMITS_64, 1, 0};
    expect_error(&f, "64-bit memories require the memory64 feature");
    expect_ok_with(&f, COMP_FEATURES_DEFAULT | COMP_FEATURE_MEMORY64);
    f.types[0].params[0] = COMP_I32;
    expect_error_with(&f, COMP_FEATURES_DEFAULT | COMP_FEATURE_MEMORY64, "type mismatch");
}

static void bulk_memory(void **state)
{
    (void)state;
    fx f;
    /* memory.init 0 0 with three i32 */
    one_func(&f, "", "", B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b));
    fx_memory(&f, 1, false, 0);
    f.datas[0] = (comp_data){.flags = 1};
    f.m.data_segment_count = 1;
    expect_error(&f, "data count section required");
    f.m.has_data_count = true;
    f.m.data_count = 1;
    expect_ok(&f);
    fx_body(&f, 0, B(0x00, 0xfc, 0x09, 0x01, 0x0b));
    expect_error(&f, "unknown data segment 1");
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x00, 0x0b));
    expect_ok(&f);
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x41, 0x00, 0x42, 0x00, 0xfc, 0x0b, 0x00, 0x0b));
    expect_error(&f, "type mismatch"); /* memory.fill with an i64 length */
}

static void tables_in_code(void **state)
{
    (void)state;
    fx f;
    /* table.get 0 / table.set 1 */
    one_func(&f, "", "", B(0x00, 0x41, 0x00, 0x41, 0x00, 0x25, 0x00, 0x26, 0x01, 0x0b));
    fx_table(&f, COMP_FUNCREF, 1);
    expect_error(&f, "unknown table 1");
    fx_table(&f, COMP_FUNCREF, 1);
    expect_ok(&f);
    f.tables[1].elem = COMP_EXTERNREF;
    expect_error(&f, "type mismatch");

    /* table.copy 0 1 between different element types */
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0e, 0x00, 0x01, 0x0b));
    expect_error(&f, "type mismatch");
    f.tables[1].elem = COMP_FUNCREF;
    expect_ok(&f);

    /* table.init 0 0 needs element segment 0 */
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0c, 0x00, 0x00, 0x0b));
    expect_error(&f, "unknown elem segment 0");
    f.elems[0] = (comp_elem){.flags = 1, .type = COMP_FUNCREF};
    f.m.elem_count = 1;
    expect_ok(&f);
    f.elems[0].type = COMP_EXTERNREF;
    f.elems[0].flags = 5;
    expect_error(&f, "type mismatch");

    /* table.grow / table.size / table.fill */
    fx_body(&f, 0, B(0x00, 0xd0, 0x70, 0x41, 0x01, 0xfc, 0x0f, 0x00, 0xfc, 0x10, 0x00,
                               0x6a, 0x1a, 0x41, 0x00, 0xd0, 0x70, 0x41, 0x01, 0xfc, 0x11, 0x00,
                               0x0b));
    expect_ok(&f);
    fx_body(&f, 0, B(0x00, 0xd0, 0x6f, 0x41, 0x01, 0xfc, 0x0f, 0x00, 0x1a, 0x0b));
    expect_error(&f, "type mismatch");
}

static void references(void **state)
{
    (void)state;
    fx f;
    one_func(&f, "", "r", B(0x00, 0xd2, 0x00, 0x0b));
    expect_error(&f, "undeclared function reference");
    fx_export(&f, "f", COMP_EXTERN_FUNC, 0);
    expect_ok(&f);

    /* declared by a global initializer instead */
    one_func(&f, "", "r", B(0x00, 0xd2, 0x00, 0x0b));
    fx_global(&f, COMP_FUNCREF, 0, B(0xd2, 0x00, 0x0b));
    expect_ok(&f);

    /* declared by a declarative element segment */
    one_func(&f, "", "r", B(0x00, 0xd2, 0x00, 0x0b));
    uint32_t func0 = 0;
    f.elems[0] = (comp_elem){.flags = 3, .type = COMP_FUNCREF, .count = 1, .funcs = &func0};
    f.m.elem_count = 1;
    expect_ok(&f);

    body_error("", "r", B(0x00, 0xd2, 0x01, 0x0b), "unknown function 1");
    body_ok("", "i", B(0x00, 0xd0, 0x6f, 0xd1, 0x0b));
    body_error("", "i", B(0x00, 0x41, 0x00, 0xd1, 0x0b), "type mismatch");
    body_error("", "r", B(0x00, 0xd0, 0x6f, 0x0b), "type mismatch");
}

static void simd(void **state)
{
    (void)state;
    /* i32x4.splat, i32x4.extract_lane 3 */
    body_ok("i", "i", B(0x00, 0x20, 0x00, 0xfd, 0x11, 0xfd, 0x1b, 0x03, 0x0b));
    body_error("i", "i", B(0x00, 0x20, 0x00, 0xfd, 0x11, 0xfd, 0x1b, 0x04, 0x0b),
               "invalid lane index");
    /* i64x2.replace_lane 1 needs an i64 */
    body_error("v", "v", B(0x00, 0x20, 0x00, 0x41, 0x00, 0xfd, 0x1e, 0x01, 0x0b), "type mismatch");
    /* shuffle lanes below 32 */
    body_ok("vv", "v", B(0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                         11, 12, 13, 14, 31, 0x0b));
    body_error("vv", "v", B(0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                            10, 11, 12, 13, 14, 32, 0x0b),
               "invalid lane index");
    /* i8x16.shl: v128, i32 */
    body_ok("vi", "v", B(0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x6b, 0x0b));
    /* bitselect takes three vectors; any_true gives i32 */
    body_ok("v", "i", B(0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xfd, 0x52, 0xfd, 0x53, 0x0b));
    /* v128.const; i16x8.all_true (0x83 0x01: LEB128 131) */
    body_ok("", "i", B(0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfd,
                       0x83, 0x01, 0x0b));
    /* reserved opcode 154 is not an instruction */
    body_error("v", "v", B(0x00, 0x20, 0x00, 0xfd, 0x9a, 0x01, 0x0b), "illegal opcode");
}

static void simd_memory(void **state)
{
    (void)state;
    fx f;
    /* v128.load align=16; v128.load32_lane align=4 lane 3 */
    one_func(&f, "i", "v", B(0x00, 0x20, 0x00, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
                             0xfd, 0x56, 0x02, 0x00, 0x03, 0x0b));
    fx_memory(&f, 1, false, 0);
    expect_ok(&f);
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0xfd, 0x00, 0x05, 0x00, 0x0b));
    expect_error(&f, "alignment must not be larger than natural");
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
                               0xfd, 0x56, 0x02, 0x00, 0x04, 0x0b));
    expect_error(&f, "invalid lane index");
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
                               0xfd, 0x56, 0x03, 0x00, 0x03, 0x0b));
    expect_error(&f, "alignment must not be larger than natural");
    /* v128.store8_lane has no result */
    fx_body(&f, 0, B(0x00, 0x20, 0x00, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
                               0xfd, 0x58, 0x00, 0x00, 0x0f, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x00,
                               0x0b));
    expect_ok(&f);
}

static void malformed_bodies(void **state)
{
    (void)state;
    body_error("", "", B(0x00, 0x41, 0x01, 0x1a), "unexpected end of section or function");
    body_error("", "", B(0x00, 0x0b, 0x01), "operators remaining after end of function");
    body_error("", "", B(0x00, 0x06, 0x0b), "illegal opcode");
    body_error("", "", B(0x00, 0x41), "unexpected end");
}

static void reserved_memory_bytes(void **state)
{
    (void)state;
    fx f;
    /* i32.const 0; memory.grow with a padded zero (0x80 0x00); drop */
    one_func(&f, "", "", B(0x00, 0x41, 0x00, 0x40, 0x80, 0x00, 0x1a, 0x0b));
    fx_memory(&f, 1, false, 0);
    expect_error_with(&f, COMP_FEATURES_WASM2, "zero byte expected");
    expect_ok(&f); /* a multi-memory index may be padded */
    fx_body(&f, 0, B(0x00, 0x3f, 0x00, 0x1a, 0x0b));
    expect_ok_with(&f, COMP_FEATURES_WASM2);
    /* memory.copy 0 0 with the source index padded */
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x80,
                               0x00, 0x0b));
    expect_error_with(&f, COMP_FEATURES_WASM2, "zero byte expected");
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x00, 0x00,
                               0x0b));
    expect_ok_with(&f, COMP_FEATURES_WASM2);
    /* a memarg naming its memory (flag bit 6) needs multi-memory */
    fx_body(&f, 0, B(0x00, 0x41, 0x00, 0x28, 0x42, 0x00, 0x00, 0x1a, 0x0b));
    expect_error_with(&f, COMP_FEATURES_WASM2, "malformed memop flags");
    expect_ok(&f);
}

static void segment_index_order(void **state)
{
    (void)state;
    fx f;
    /* data.drop 1 without data count section or data: the index is unknown */
    one_func(&f, "", "", B(0x00, 0xfc, 0x09, 0x01, 0x0b));
    expect_error(&f, "unknown data segment 1");
    /* table.init 0 0 with neither table nor segment: the table first */
    one_func(&f, "", "", B(0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0c, 0x00, 0x00, 0x0b));
    expect_error(&f, "unknown table 0");
}

/* Whole binaries through the decoder, as the conformance suite runs them. */
static void decoded_binaries(void **state)
{
    (void)state;
    static const uint8_t needs_data_count[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             /* type () -> () */
        0x03, 0x02, 0x01, 0x00,                         /* one function */
        0x05, 0x03, 0x01, 0x00, 0x00,                   /* memory 0 */
        0x0a, 0x0e, 0x01, 0x0c, 0x00,                   /* code */
        0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00, 0x0b,
        0x0b, 0x03, 0x01, 0x01, 0x00,                   /* passive data segment */
    };
    static const uint8_t bad_alignment[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x0a, 0x0a, 0x01, 0x08, 0x00,
        0x41, 0x00, 0x28, 0x1f, 0x00, 0x1a, 0x0b,       /* i32.load align=2**31 */
    };
    struct {
        const uint8_t *bytes;
        size_t len;
        const char *msg;
        size_t offset;
    } cases[] = {
        {needs_data_count, sizeof needs_data_count, "data count section required", 34},
        {bad_alignment, sizeof bad_alignment, "alignment must not be larger than natural", 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        comp_arena a;
        comp_arena_init(&a);
        comp_module *m = NULL;
        comp_error err = {0};
        if (!comp_module_decode(cases[i].bytes, cases[i].len, &a, &m, &err))
            fail_msg("decode failed at %zu: %s", err.offset, err.message);
        assert_false(comp_module_validate(m, COMP_FEATURES_WASM2, &err));
        assert_string_equal(err.message, cases[i].msg);
        assert_int_equal(err.offset, cases[i].offset);
        comp_arena_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_module),
        cmocka_unit_test(section_counts),
        cmocka_unit_test(function_type_index),
        cmocka_unit_test(memory_limits),
        cmocka_unit_test(multiple_memories),
        cmocka_unit_test(table_limits),
        cmocka_unit_test(exports),
        cmocka_unit_test(start_function),
        cmocka_unit_test(global_initializers),
        cmocka_unit_test(global_get_in_initializers),
        cmocka_unit_test(extended_constants),
        cmocka_unit_test(element_segments),
        cmocka_unit_test(data_segments),
        cmocka_unit_test(tags),
        cmocka_unit_test(numeric_typing),
        cmocka_unit_test(error_offset_points_at_instruction),
        cmocka_unit_test(locals),
        cmocka_unit_test(globals_in_code),
        cmocka_unit_test(blocks_and_branches),
        cmocka_unit_test(if_else),
        cmocka_unit_test(multi_value_blocks),
        cmocka_unit_test(br_tables),
        cmocka_unit_test(unreachable_code),
        cmocka_unit_test(select_rules),
        cmocka_unit_test(calls),
        cmocka_unit_test(memory_access),
        cmocka_unit_test(memory64),
        cmocka_unit_test(bulk_memory),
        cmocka_unit_test(tables_in_code),
        cmocka_unit_test(references),
        cmocka_unit_test(simd),
        cmocka_unit_test(simd_memory),
        cmocka_unit_test(malformed_bodies),
        cmocka_unit_test(reserved_memory_bytes),
        cmocka_unit_test(segment_index_order),
        cmocka_unit_test(decoded_binaries),
    };
    return unit_run("module_validate", tests);
}
