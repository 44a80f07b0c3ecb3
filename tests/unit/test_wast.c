/* The WAST script reader: commands, module forms, constants, errors. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/wast.h"

/* Each test parses into its own arena, freed by teardown. */
typedef struct fixture {
    comp_arena arena;
    comp_error err;
    comp_wast_script *script;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    comp_arena_init(&f->arena);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    comp_arena_free(&f->arena);
    free(f);
    return 0;
}

static bool parse(fixture *f, const char *text)
{
    memset(&f->err, 0, sizeof f->err);
    f->script = NULL;
    return comp_wast_parse(text, strlen(text), &f->arena, &f->script, &f->err);
}

static const comp_wast_command *parse_one(fixture *f, const char *text)
{
    assert_true(parse(f, text));
    assert_int_equal(f->script->count, 1);
    return &f->script->commands[0];
}

static bool str_is(comp_str s, const char *want)
{
    return s.data && s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

/* The first result of `(assert_return (invoke "f") VALUE)`. */
static const comp_wast_value *result_of(fixture *f, const char *value)
{
    char text[512];
    snprintf(text, sizeof text, "(assert_return (invoke \"f\") %s)", value);
    const comp_wast_command *c = parse_one(f, text);
    assert_int_equal(c->kind, COMP_WAST_ASSERT_RETURN);
    assert_int_equal(c->result_count, 1);
    return &c->results[0];
}

/* The first argument of `(invoke "f" VALUE)`. */
static const comp_wast_value *arg_of(fixture *f, const char *value)
{
    char text[512];
    snprintf(text, sizeof text, "(invoke \"f\" %s)", value);
    const comp_wast_command *c = parse_one(f, text);
    assert_int_equal(c->kind, COMP_WAST_ACTION);
    assert_int_equal(c->action->arg_count, 1);
    return &c->action->args[0];
}

static bool arg_rejected(fixture *f, const char *value, const char *message_part)
{
    char text[512];
    snprintf(text, sizeof text, "(invoke \"f\" %s)", value);
    if (parse(f, text))
        return false;
    return strstr(f->err.message, message_part) != NULL;
}

/* ---- commands --------------------------------------------------------------- */

static void every_command_kind(void **state)
{
    fixture *f = *state;
    assert_true(parse(f, "(module $m binary \"\\00asm\" \"\\01\\00\\00\\00\")\n"
                         "(register \"reg\" $m)\n"
                         "(invoke $m \"run\" (i32.const 1) (i64.const 2))\n"
                         "(get \"g\")\n"
                         "(assert_return (invoke \"f\") (i32.const 7) (f64.const 1))\n"
                         "(assert_trap (invoke \"f\") \"unreachable\")\n"
                         "(assert_trap (module binary \"\") \"start trap\")\n"
                         "(assert_exhaustion (invoke \"f\") \"call stack exhausted\")\n"
                         "(assert_invalid (module binary \"x\") \"type mismatch\")\n"
                         "(assert_malformed (module binary \"y\") \"magic header\")\n"
                         "(assert_unlinkable (module binary \"\") \"unknown import\")\n"
                         "(assert_uninstantiable (module binary \"\") \"trap\")\n"
                         "(assert_return (get $m \"g\"))\n"));
    const comp_wast_script *s = f->script;
    assert_int_equal(s->count, 13);
    static const comp_wast_command_kind kinds[] = {
        COMP_WAST_MODULE,           COMP_WAST_REGISTER,          COMP_WAST_ACTION,
        COMP_WAST_ACTION,           COMP_WAST_ASSERT_RETURN,     COMP_WAST_ASSERT_TRAP,
        COMP_WAST_ASSERT_TRAP,      COMP_WAST_ASSERT_EXHAUSTION, COMP_WAST_ASSERT_INVALID,
        COMP_WAST_ASSERT_MALFORMED, COMP_WAST_ASSERT_UNLINKABLE, COMP_WAST_ASSERT_UNINSTANTIABLE,
        COMP_WAST_ASSERT_RETURN,
    };
    for (uint32_t i = 0; i < s->count; i++) {
        assert_int_equal(s->commands[i].kind, kinds[i]);
        assert_int_equal(s->commands[i].pos.line, i + 1);
        assert_int_equal(s->commands[i].pos.col, 1);
    }
    assert_true(str_is(s->commands[0].module->id, "m"));
    assert_true(str_is(s->commands[1].name, "reg"));
    assert_true(str_is(s->commands[1].instance, "m"));
    const comp_wast_action *run = s->commands[2].action;
    assert_int_equal(run->kind, COMP_WAST_INVOKE);
    assert_true(str_is(run->module, "m"));
    assert_true(str_is(run->name, "run"));
    assert_int_equal(run->arg_count, 2);
    assert_int_equal(run->args[1].kind, COMP_WAST_I64);
    assert_int_equal(run->args[1].u.i64, 2);
    assert_int_equal(s->commands[3].action->kind, COMP_WAST_GET);
    assert_null(s->commands[3].action->module.data);
    assert_int_equal(s->commands[4].result_count, 2);
    assert_true(str_is(s->commands[5].message, "unreachable"));
    assert_null(s->commands[5].module);
    assert_non_null(s->commands[6].module);
    assert_null(s->commands[6].action);
    assert_true(str_is(s->commands[9].message, "magic header"));
    assert_int_equal(s->commands[12].result_count, 0);
    assert_true(str_is(s->commands[12].action->module, "m"));
    assert_string_equal(comp_wast_command_name(COMP_WAST_ASSERT_UNLINKABLE),
                        "assert_unlinkable");
}

static void binary_strings_are_joined(void **state)
{
    fixture *f = *state;
    const comp_wast_command *c =
        parse_one(f, "(module binary \"\\00asm\" \"\" \"\\01\\00\" \"\\00\\00\")");
    const comp_wast_module *m = c->module;
    assert_int_equal(m->form, COMP_WAST_BINARY);
    assert_int_equal(m->mode, COMP_WAST_INSTANTIATE);
    assert_false(m->component);
    assert_true(m->parsed);
    assert_int_equal(m->len, 8);
    assert_memory_equal(m->bytes, "\0asm\1\0\0\0", 8);
    assert_null(m->id.data);
}

static void definition_and_instance_forms(void **state)
{
    fixture *f = *state;
    assert_true(parse(f, "(component definition $D binary \"\\00asm\\0d\\00\\01\\00\")\n"
                         "(component instance $i $D)\n"
                         "(module instance)\n"));
    const comp_wast_module *d = f->script->commands[0].module;
    assert_true(d->component);
    assert_int_equal(d->mode, COMP_WAST_DEFINITION);
    assert_true(str_is(d->id, "D"));
    assert_int_equal(d->len, 8);
    const comp_wast_module *i = f->script->commands[1].module;
    assert_int_equal(i->mode, COMP_WAST_INSTANCE);
    assert_true(str_is(i->id, "i"));
    assert_true(str_is(i->definition, "D"));
    const comp_wast_module *bare = f->script->commands[2].module;
    assert_int_equal(bare->mode, COMP_WAST_INSTANCE);
    assert_false(bare->component);
    assert_null(bare->id.data);
    assert_null(bare->definition.data);
    assert_false(parse(f, "(module instance $a $b $c)"));
}

static void script_errors_have_positions(void **state)
{
    fixture *f = *state;
    assert_false(parse(f, "(module binary \"\")\n  (frobnicate)"));
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 3);
    assert_non_null(strstr(f->err.message, "script command"));

    assert_false(parse(f, "(assert_invalid (module binary \"\"))"));
    assert_non_null(strstr(f->err.message, "failure message"));

    assert_false(parse(f, "(invoke \"f\"\n"));
    assert_int_equal(f->err.line, 1);

    assert_false(parse(f, "(assert_return (module binary \"\"))"));
    assert_non_null(strstr(f->err.message, "action"));

    assert_false(parse(f, "(invoke (i32.const 1))"));
    assert_non_null(strstr(f->err.message, "export name"));

    assert_false(parse(f, "(module binary \"\" 12)"));
    assert_non_null(strstr(f->err.message, "string"));

    assert_true(parse(f, ""));
    assert_int_equal(f->script->count, 0);
}

/* ---- text modules ------------------------------------------------------------ */

static const comp_wast_module *module_of(fixture *f, const char *text)
{
    const comp_wast_command *c = parse_one(f, text);
    assert_non_null(c->module);
    return c->module;
}

static void text_modules_are_encoded(void **state)
{
    fixture *f = *state;
    const comp_wast_module *m = module_of(f, "(module $m (func (export \"f\")) (memory 1))");
    assert_int_equal(m->form, COMP_WAST_TEXT);
    assert_true(m->parsed);
    assert_true(str_is(m->id, "m"));
    assert_true(m->len > 8);
    assert_memory_equal(m->bytes, "\0asm\1\0\0\0", 8);

    /* quoted text: bare fields, joined with a space, or a whole module */
    const comp_wast_module *plain = module_of(f, "(module (func) (memory 1))");
    assert_true(plain->parsed);
    const comp_wast_module *q = module_of(f, "(module quote \"(func)\" \"(memory 1)\")");
    assert_int_equal(q->form, COMP_WAST_QUOTE);
    assert_true(q->parsed);
    assert_int_equal(q->len, plain->len);
    assert_memory_equal(q->bytes, plain->bytes, plain->len);
    q = module_of(f, "(module quote \"(module (func) (memory 1))\")");
    assert_true(q->parsed);
    assert_int_equal(q->len, plain->len);
    assert_memory_equal(q->bytes, plain->bytes, plain->len);
}

static void text_parse_errors_stay_with_the_module(void **state)
{
    fixture *f = *state;
    /* not a script error: assert_malformed expects exactly this */
    assert_true(parse(f, "(assert_malformed\n  (module quote \"(func (i32.const))\")\n"
                         "  \"unexpected token\")\n"
                         "(module\n  (func (frobnicate)))\n"
                         "(module quote \"(func \\\"bad\")\n"));
    assert_int_equal(f->script->count, 3);
    const comp_wast_module *m = f->script->commands[0].module;
    assert_false(m->parsed);
    assert_null(m->bytes);
    assert_int_equal(m->error.line, 1); /* within the quoted text */
    assert_true(m->error.message[0] != '\0');
    m = f->script->commands[1].module;
    assert_false(m->parsed);
    assert_int_equal(m->error.line, 5);
    assert_int_equal(m->error.col, 10);
    /* a lexical error inside quoted text */
    m = f->script->commands[2].module;
    assert_false(m->parsed);
    assert_true(m->error.message[0] != '\0');
}

static void inline_module_script(void **state)
{
    fixture *f = *state;
    assert_true(parse(f, "(func) (memory 0) (func (export \"f\"))"));
    assert_int_equal(f->script->count, 1);
    const comp_wast_module *m = f->script->commands[0].module;
    assert_int_equal(f->script->commands[0].kind, COMP_WAST_MODULE);
    assert_true(m->parsed);
    const comp_wast_module *same = module_of(f, "(module (func) (memory 0) (func (export \"f\")))");
    assert_int_equal(m->len, same->len);
    assert_memory_equal(m->bytes, same->bytes, m->len);
}

/* ---- core constants --------------------------------------------------------- */

static void integer_constants(void **state)
{
    fixture *f = *state;
    assert_int_equal(arg_of(f, "(i32.const -1)")->u.i32, 0xffffffffu);
    assert_int_equal(arg_of(f, "(i32.const 0xffff_ffff)")->u.i32, 0xffffffffu);
    const comp_wast_value *v = arg_of(f, "(i64.const -0x8000000000000000)");
    assert_int_equal(v->kind, COMP_WAST_I64);
    assert_true(v->u.i64 == UINT64_C(0x8000000000000000));
    assert_true(arg_rejected(f, "(i32.const 0x1_0000_0000)", "out of range"));
    assert_true(arg_rejected(f, "(i32.const)", "number"));
    assert_true(arg_rejected(f, "(i32.const 1 2)", ")"));
    assert_true(arg_rejected(f, "(i32.const \"1\")", "number"));
}

static void float_constants_and_nan_patterns(void **state)
{
    fixture *f = *state;
    const comp_wast_value *v = arg_of(f, "(f32.const -0x1p-1)");
    assert_int_equal(v->kind, COMP_WAST_F32);
    assert_int_equal(v->u.f.nan, COMP_WAST_EXACT);
    assert_true(v->u.f.bits == 0xbf000000u);
    v = arg_of(f, "(f64.const nan:0x1)");
    assert_true(v->u.f.bits == UINT64_C(0x7ff0000000000001));
    v = result_of(f, "(f32.const nan:canonical)");
    assert_int_equal(v->kind, COMP_WAST_F32);
    assert_int_equal(v->u.f.nan, COMP_WAST_NAN_CANONICAL);
    v = result_of(f, "(f64.const nan:arithmetic)");
    assert_int_equal(v->u.f.nan, COMP_WAST_NAN_ARITHMETIC);
    /* patterns are for results only */
    assert_false(parse(f, "(invoke \"f\" (f32.const nan:canonical))"));
}

static void v128_lanes_and_patterns(void **state)
{
    fixture *f = *state;
    const comp_wast_value *v = arg_of(f, "(v128.const i16x8 1 2 3 4 5 6 7 -1)");
    assert_int_equal(v->kind, COMP_WAST_V128);
    assert_int_equal(v->u.v128.shape, COMP_WAST_I16X8);
    assert_memory_equal(v->u.v128.bytes, "\1\0\2\0\3\0\4\0\5\0\6\0\7\0\xff\xff", 16);
    v = result_of(f, "(v128.const f32x4 nan:canonical 1.0 nan:arithmetic 0)");
    assert_int_equal(v->u.v128.shape, COMP_WAST_F32X4);
    assert_int_equal(v->u.v128.lane_nan[0], COMP_WAST_NAN_CANONICAL);
    assert_int_equal(v->u.v128.lane_nan[1], COMP_WAST_EXACT);
    assert_int_equal(v->u.v128.lane_nan[2], COMP_WAST_NAN_ARITHMETIC);
    assert_memory_equal(v->u.v128.bytes + 4, "\0\0\x80\x3f", 4);
    assert_true(arg_rejected(f, "(v128.const i32x4 1 2 3)", "lane"));
    assert_true(arg_rejected(f, "(v128.const i32x4 1 2 3 4 5)", ")"));
}

static void reference_values(void **state)
{
    fixture *f = *state;
    const comp_wast_value *v = arg_of(f, "(ref.null extern)");
    assert_int_equal(v->kind, COMP_WAST_REF_NULL);
    assert_int_equal(v->u.ref_null, COMP_WAST_EXTERN_REF);
    assert_int_equal(result_of(f, "(ref.null func)")->u.ref_null, COMP_WAST_FUNC_REF);
    v = arg_of(f, "(ref.extern 7)");
    assert_int_equal(v->kind, COMP_WAST_REF_EXTERN);
    assert_true(v->u.ref.has_payload);
    assert_int_equal(v->u.ref.payload, 7);
    v = result_of(f, "(ref.extern)");
    assert_false(v->u.ref.has_payload);
    assert_int_equal(result_of(f, "(ref.func)")->kind, COMP_WAST_REF_FUNC);
    assert_false(parse(f, "(invoke \"f\" (ref.extern))"));
    assert_true(arg_rejected(f, "(ref.null any)", "heap type"));
    v = result_of(f, "(either (i32.const 1) (i32.const 2))");
    assert_int_equal(v->kind, COMP_WAST_EITHER);
    assert_int_equal(v->u.list.count, 2);
    assert_int_equal(v->u.list.items[1].u.i32, 2);
    assert_false(parse(f, "(invoke \"f\" (either (i32.const 1)))"));
}

/* ---- component values ------------------------------------------------------- */

static void component_scalars(void **state)
{
    fixture *f = *state;
    assert_int_equal(arg_of(f, "(u8.const 255)")->u.u, 255);
    assert_true(arg_rejected(f, "(u8.const 256)", "out of range"));
    assert_true(arg_rejected(f, "(u32.const -1)", "out of range"));
    assert_true(arg_of(f, "(u64.const 0xffffffffffffffff)")->u.u == UINT64_MAX);
    assert_int_equal(arg_of(f, "(s8.const -128)")->u.s, -128);
    assert_true(arg_rejected(f, "(s8.const 128)", "out of range"));
    assert_true(arg_of(f, "(s64.const -9223372036854775808)")->u.s == INT64_MIN);
    assert_true(arg_rejected(f, "(s64.const 0x8000000000000000)", "out of range"));
    assert_true(arg_rejected(f, "(s16.const 1.5)", "integer"));
    const comp_wast_value *v = arg_of(f, "(bool.const true)");
    assert_int_equal(v->kind, COMP_WAST_BOOL);
    assert_true(v->u.b);
    assert_true(arg_rejected(f, "(bool.const 1)", "true"));
    v = arg_of(f, "(char.const \"\xe2\x9b\xb3\")");
    assert_int_equal(v->kind, COMP_WAST_CHAR);
    assert_int_equal(v->u.ch, 0x26f3);
    assert_true(arg_rejected(f, "(char.const \"ab\")", "one Unicode character"));
    assert_true(arg_rejected(f, "(char.const \"\")", "one Unicode character"));
    assert_true(arg_rejected(f, "(char.const \"\\ed\\a0\\80\")", "one Unicode character"));
    v = arg_of(f, "(str.const \"a\\00b\")");
    assert_int_equal(v->kind, COMP_WAST_STRING);
    assert_int_equal(v->u.str.len, 3);
    assert_memory_equal(v->u.str.data, "a\0b", 3);
    assert_true(arg_rejected(f, "(frob.const 1)", "unknown constant"));
}

static void component_compounds(void **state)
{
    fixture *f = *state;
    const comp_wast_value *v = arg_of(f, "(list.const (u8.const 1) (u8.const 2))");
    assert_int_equal(v->kind, COMP_WAST_LIST);
    assert_int_equal(v->u.list.count, 2);
    assert_int_equal(v->u.list.items[1].kind, COMP_WAST_U8);
    v = arg_of(f, "(record.const (field \"a\" (u32.const 1)) (field \"b\" (str.const \"x\")))");
    assert_int_equal(v->kind, COMP_WAST_RECORD);
    assert_int_equal(v->u.list.count, 2);
    assert_true(str_is(v->u.list.names[1], "b"));
    assert_int_equal(v->u.list.items[1].kind, COMP_WAST_STRING);
    v = arg_of(f, "(tuple.const)");
    assert_int_equal(v->kind, COMP_WAST_TUPLE);
    assert_int_equal(v->u.list.count, 0);
    v = arg_of(f, "(variant.const \"c\" (s32.const -5))");
    assert_int_equal(v->kind, COMP_WAST_VARIANT);
    assert_true(str_is(v->u.cases.name, "c"));
    assert_int_equal(v->u.cases.payload->u.s, -5);
    assert_null(arg_of(f, "(variant.const \"d\")")->u.cases.payload);
    v = arg_of(f, "(enum.const \"e\")");
    assert_int_equal(v->kind, COMP_WAST_ENUM);
    assert_true(str_is(v->u.str, "e"));
    assert_null(arg_of(f, "(option.none)")->u.cases.payload);
    /* payloads also written inline, as wasm-tools does */
    v = arg_of(f, "(option.some u32.const 9)");
    assert_int_equal(v->kind, COMP_WAST_OPTION);
    assert_int_equal(v->u.cases.payload->u.u, 9);
    v = arg_of(f, "(result.err (str.const \"bad\"))");
    assert_int_equal(v->kind, COMP_WAST_RESULT);
    assert_true(v->u.cases.is_err);
    assert_true(str_is(v->u.cases.payload->u.str, "bad"));
    v = arg_of(f, "(result.ok)");
    assert_false(v->u.cases.is_err);
    assert_null(v->u.cases.payload);
    v = arg_of(f, "(flags.const \"f1\" \"f5\")");
    assert_int_equal(v->kind, COMP_WAST_FLAGS);
    assert_int_equal(v->u.list.count, 2);
    assert_true(str_is(v->u.list.names[0], "f1"));
    assert_true(arg_rejected(f, "(option.some)", "payload"));
    assert_true(arg_rejected(f, "(list.const u8.const 1)", "parenthesized"));
    assert_true(arg_rejected(f, "(record.const (\"a\" (u8.const 1)))", "field"));
    assert_true(arg_rejected(f, "(option.none (u8.const 1))", ")"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_command_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(binary_strings_are_joined, setup, teardown),
        cmocka_unit_test_setup_teardown(definition_and_instance_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(script_errors_have_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(text_modules_are_encoded, setup, teardown),
        cmocka_unit_test_setup_teardown(text_parse_errors_stay_with_the_module, setup, teardown),
        cmocka_unit_test_setup_teardown(inline_module_script, setup, teardown),
        cmocka_unit_test_setup_teardown(integer_constants, setup, teardown),
        cmocka_unit_test_setup_teardown(float_constants_and_nan_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(v128_lanes_and_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(reference_values, setup, teardown),
        cmocka_unit_test_setup_teardown(component_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(component_compounds, setup, teardown),
    };
    return unit_run("wast", tests);
}
