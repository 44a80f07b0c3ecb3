/* Describing modules and components: index spaces, and types printed with
 * their indices resolved (comp/describe.h). Models are built by hand. */
#include "unit.h"

#include <string.h>

#include "comp/describe.h"

#define STR(s) ((comp_str){s, sizeof(s) - 1})
#define PRIM(p) ((comp_cvaltype){.prim = (p)})
#define IDX(i) ((comp_cvaltype){.index = (i)})

/* The text in `b` as a NUL-terminated string (kept in `b`). */
static const char *text(comp_buf *b)
{
    comp_buf_byte(b, 0);
    assert_false(b->oom);
    b->len--;
    return (const char *)b->data;
}

static void core_types(void **state)
{
    (void)state;
    comp_valtype params[] = {COMP_I32, COMP_I64}, results[] = {COMP_F32};
    comp_functype ft = {2, 1, params, results}, empty = {0};
    comp_buf b = {0};
    comp_describe_core_functype(&b, &ft);
    assert_string_equal(text(&b), "(func (param i32 i64) (result f32))");
    b.len = 0;
    comp_describe_core_functype(&b, &empty);
    assert_string_equal(text(&b), "(func)");

    comp_module m = {.types = &ft, .type_count = 1};
    comp_import imports[] = {
        {.kind = COMP_EXTERN_GLOBAL, .desc.global = {COMP_I32, 1}},
        {.kind = COMP_EXTERN_MEMORY, .desc.memory = {COMP_LIMITS_HAS_MAX, 1, 16}},
        {.kind = COMP_EXTERN_TABLE, .desc.table = {COMP_FUNCREF, {0, 3, 0}}},
        {.kind = COMP_EXTERN_FUNC, .desc.func_type = 0},
        {.kind = COMP_EXTERN_FUNC, .desc.func_type = 7},
    };
    const char *want[] = {"(global (mut i32))", "(memory 1 16)", "(table 3 funcref)",
                          "(func (param i32 i64) (result f32))", "(func (type 7))"};
    for (int i = 0; i < 5; i++) {
        b.len = 0;
        comp_describe_core_import(&b, &m, &imports[i]);
        assert_string_equal(text(&b), want[i]);
    }
    comp_buf_free(&b);
}

static void core_exports(void **state)
{
    (void)state;
    comp_functype ft = {0};
    uint32_t funcs[] = {0};
    comp_limits mem = {0, 2, 0};
    comp_import imp = {.kind = COMP_EXTERN_MEMORY, .desc.memory = {0, 1, 0}};
    comp_module m = {.types = &ft, .type_count = 1, .funcs = funcs, .func_count = 1,
                     .memories = &mem, .memory_count = 1, .imports = &imp, .import_count = 1,
                     .imported_memories = 1};
    comp_export exports[] = {
        {.kind = COMP_EXTERN_MEMORY, .index = 0}, /* the imported one */
        {.kind = COMP_EXTERN_MEMORY, .index = 1}, /* the defined one */
        {.kind = COMP_EXTERN_FUNC, .index = 0},
        {.kind = COMP_EXTERN_FUNC, .index = 9},
    };
    const char *want[] = {"(memory 1)", "(memory 2)", "(func)", "(func 9 <out of range>)"};
    comp_arena a;
    comp_arena_init(&a);
    comp_core_view v;
    assert_true(comp_core_view_init(&v, &m, &a, NULL));
    comp_buf b = {0};
    for (int i = 0; i < 4; i++) {
        b.len = 0;
        comp_describe_core_export(&b, &v, &exports[i]);
        assert_string_equal(text(&b), want[i]);
    }
    comp_buf_free(&b);
    comp_arena_free(&a);
}

/* A component's sections over its item arrays, and its scope. */
typedef struct fixture {
    comp_component c;
    comp_component_section sections[8];
    comp_index_spaces spaces;
    comp_scope scope;
    comp_arena arena;
} fixture;

static void add_section(fixture *f, uint8_t id, uint32_t first, uint32_t count)
{
    f->sections[f->c.section_count++] = (comp_component_section){.id = id, .first = first, .count = count};
    f->c.sections = f->sections;
}

static void build(fixture *f)
{
    comp_arena_init(&f->arena);
    assert_true(comp_index_spaces_build(&f->c, &f->arena, &f->spaces, NULL));
    f->scope = (comp_scope){.component = &f->c, .spaces = &f->spaces};
}

static void function_types(void **state)
{
    (void)state;
    fixture f = {0};
    comp_labelvaltype params[] = {{STR("x"), PRIM(COMP_PRIM_U32)}, {STR("s\"q"), IDX(0)}};
    comp_type types[] = {
        {.kind = COMP_TYPE_LIST, .u.list.elem = PRIM(COMP_PRIM_U8)},
        {.kind = COMP_TYPE_FUNC, .u.func = {2, params, true, PRIM(COMP_PRIM_STRING)}},
    };
    f.c.types = types;
    f.c.type_count = 2;
    add_section(&f, COMP_CSEC_TYPE, 0, 2);
    build(&f);

    comp_buf b = {0};
    comp_externtype et = {.kind = COMP_SORT_FUNC, .index = 1};
    comp_describe_externtype(&b, &f.scope, &et, &f.arena);
    assert_string_equal(text(&b), "func (param \"x\" u32) (param \"s\\\"q\" (list u8)) (result string)");

    /* Not a function type, and no type at all: the raw index. */
    b.len = 0;
    et.index = 0;
    comp_describe_externtype(&b, &f.scope, &et, &f.arena);
    assert_string_equal(text(&b), "func (type 0)");
    b.len = 0;
    comp_describe_valtype(&b, &f.scope, IDX(99), &f.arena);
    assert_string_equal(text(&b), "(type 99)");
    comp_buf_free(&b);
    comp_arena_free(&f.arena);
}

/* instance { export "e" (type (eq (enum "a" "b"))); export "f" (func (param "v" e)) }:
 * a type exported by name is referred to by that name. */
static void instance_types(void **state)
{
    (void)state;
    fixture f = {0};
    comp_str labels[] = {STR("a"), STR("b")};
    comp_type enum_type = {.kind = COMP_TYPE_ENUM, .u.labels = {2, labels}};
    comp_labelvaltype params[] = {{STR("v"), IDX(1)}};
    comp_type func_type = {.kind = COMP_TYPE_FUNC, .u.func = {1, params, false, {0}}};
    comp_decl decls[] = {
        {.kind = COMP_DECL_TYPE, .type = &enum_type},                  /* type 0 */
        {.kind = COMP_DECL_EXPORT, .name.name = STR("e"),              /* type 1 */
         .extern_type = {.kind = COMP_SORT_TYPE, .bound = COMP_BOUND_EQ, .index = 0}},
        {.kind = COMP_DECL_TYPE, .type = &func_type},                  /* type 2 */
        {.kind = COMP_DECL_EXPORT, .name.name = STR("f"),
         .extern_type = {.kind = COMP_SORT_FUNC, .index = 2}},
    };
    comp_type types[] = {{.kind = COMP_TYPE_INSTANCE, .u.decls = {4, decls}}};
    comp_cimport imports[] = {{.name.name = STR("x:y/z"), .type = {.kind = COMP_SORT_INSTANCE, .index = 0}}};
    f.c.types = types;
    f.c.type_count = 1;
    f.c.imports = imports;
    f.c.import_count = 1;
    add_section(&f, COMP_CSEC_TYPE, 0, 1);
    add_section(&f, COMP_CSEC_IMPORT, 0, 1);
    build(&f);
    assert_int_equal(f.spaces.counts[COMP_SPACE_INSTANCE], 1);
    assert_int_equal(f.spaces.entries[COMP_SPACE_INSTANCE][0].section, COMP_CSEC_IMPORT);

    comp_buf b = {0};
    comp_describe_externtype(&b, &f.scope, &imports[0].type, &f.arena);
    assert_string_equal(text(&b), "instance { export \"e\" (type (eq (enum \"a\" \"b\"))); "
                                  "export \"f\" (func (param \"v\" e)) }");
    /* The imported instance as an item has the same type. */
    b.len = 0;
    comp_describe_item(&b, &f.scope, (comp_sortidx){{COMP_SORT_INSTANCE, 0}, 0}, &f.arena);
    assert_string_equal(text(&b), "instance { export \"e\" (type (eq (enum \"a\" \"b\"))); "
                                  "export \"f\" (func (param \"v\" e)) }");
    comp_buf_free(&b);
    comp_arena_free(&f.arena);
}

/* Index spaces follow section order; lift makes a func, other canonical
 * definitions core funcs; exports append too. The type of an exported
 * lifted function comes from the lift. */
static void spaces_and_items(void **state)
{
    (void)state;
    fixture f = {0};
    comp_type types[] = {{.kind = COMP_TYPE_FUNC, .u.func = {0, NULL, true, PRIM(COMP_PRIM_BOOL)}}};
    comp_cimport imports[] = {{.name.name = STR("g"), .type = {.kind = COMP_SORT_FUNC, .index = 0}}};
    comp_canon canons[] = {
        {.op = COMP_CANON_LOWER, .func = 0},
        {.op = COMP_CANON_LIFT, .func = 0, .type = 0},
    };
    comp_cexport exports[] = {{.name.name = STR("h"), .item = {{COMP_SORT_FUNC, 0}, 1}}};
    f.c.types = types;
    f.c.type_count = 1;
    f.c.imports = imports;
    f.c.import_count = 1;
    f.c.canons = canons;
    f.c.canon_count = 2;
    f.c.exports = exports;
    f.c.export_count = 1;
    add_section(&f, COMP_CSEC_TYPE, 0, 1);
    add_section(&f, COMP_CSEC_IMPORT, 0, 1);
    add_section(&f, COMP_CSEC_CANON, 0, 2);
    add_section(&f, COMP_CSEC_EXPORT, 0, 1);
    build(&f);
    assert_int_equal(f.spaces.counts[COMP_SPACE_FUNC], 3);
    assert_int_equal(f.spaces.counts[COMP_SPACE_CORE_FUNC], 1);
    assert_int_equal(f.spaces.counts[COMP_SPACE_TYPE], 1);
    const comp_space_entry *e = comp_index_space_at(&f.spaces, COMP_SPACE_FUNC, 1);
    assert_non_null(e);
    assert_int_equal(e->section, COMP_CSEC_CANON);
    assert_int_equal(e->item, 1);
    assert_null(comp_index_space_at(&f.spaces, COMP_SPACE_FUNC, 3));

    comp_buf b = {0};
    comp_describe_item(&b, &f.scope, (comp_sortidx){{COMP_SORT_FUNC, 0}, 2}, &f.arena);
    assert_string_equal(text(&b), "func (result bool)");
    b.len = 0;
    comp_describe_item(&b, &f.scope, (comp_sortidx){{COMP_SORT_CORE, COMP_CORE_SORT_FUNC}, 0}, &f.arena);
    assert_string_equal(text(&b), "core func (canon lower (func 0))");
    comp_buf_free(&b);
    comp_arena_free(&f.arena);
}

/* Type i is (tuple i-1 i-1): printing the last one in full would take 2^40
 * nodes; the budget cuts it short. */
static void bounded_work(void **state)
{
    (void)state;
    enum { N = 40 };
    fixture f = {0};
    comp_type types[N];
    comp_cvaltype elems[N][2];
    types[0] = (comp_type){.kind = COMP_PRIM_U8};
    for (int i = 1; i < N; i++) {
        elems[i][0] = elems[i][1] = IDX((uint32_t)i - 1);
        types[i] = (comp_type){.kind = COMP_TYPE_TUPLE, .u.tuple = {2, elems[i]}};
    }
    f.c.types = types;
    f.c.type_count = N;
    add_section(&f, COMP_CSEC_TYPE, 0, N);
    build(&f);
    comp_buf b = {0};
    comp_describe_valtype(&b, &f.scope, IDX(N - 1), &f.arena);
    const char *s = text(&b);
    assert_true(strncmp(s, "(tuple (tuple ", 14) == 0);
    assert_non_null(strstr(s, "..."));
    assert_true(b.len < 64 * 1024);
    comp_buf_free(&b);
    comp_arena_free(&f.arena);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(comp_module_section_name(COMP_SEC_DATA_COUNT), "data count");
    assert_null(comp_module_section_name(200));
    assert_string_equal(comp_component_section_name(COMP_CSEC_CANON), "canon");
    assert_string_equal(comp_space_name(comp_space_of_sort((comp_sort){COMP_SORT_CORE, COMP_CORE_SORT_MODULE})),
                        "core module");
    assert_int_equal(comp_space_of_extern(COMP_SORT_CORE), COMP_SPACE_CORE_MODULE);
    assert_int_equal(comp_space_of_sort((comp_sort){9, 0}), COMP_SPACE_COUNT);
    comp_buf b = {0};
    comp_describe_quoted(&b, (comp_str){"a\"\\\n\x01", 5});
    assert_string_equal(text(&b), "\"a\\\"\\\\\\n\\u{01}\"");
    comp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(core_types),
        cmocka_unit_test(core_exports),
        cmocka_unit_test(function_types),
        cmocka_unit_test(instance_types),
        cmocka_unit_test(spaces_and_items),
        cmocka_unit_test(bounded_work),
        cmocka_unit_test(names),
    };
    return unit_run("describe", tests);
}
