/* The core interpreter through its embedding API: calls and results,
 * control flow, traps with their kinds and locations, and the limits that
 * stop a runaway guest (call depth, fuel, interruption). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/wat.h"
#include "rt/core.h"

/* A module from WAT text, instantiated without imports in a fresh store. */
typedef struct fixture {
    comp_arena arena;
    rt_store *store;
    rt_module *module;
    rt_instance *inst;
} fixture;

static void load(fixture *f, const char *wat, const rt_limits *limits)
{
    comp_arena_init(&f->arena);
    comp_error err = {0};
    comp_module *m;
    if (!comp_wat_parse_module(wat, strlen(wat), &f->arena, &m, &err))
        fail_msg("WAT: %s", err.message);
    f->module = rt_module_new(m, COMP_FEATURES_DEFAULT, &err);
    if (!f->module)
        fail_msg("module: %s at %zu", err.message, err.offset);
    f->store = rt_store_new(limits);
    assert_non_null(f->store);
    rt_trap trap;
    if (!rt_instantiate(f->store, f->module, NULL, 0, &f->inst, &trap))
        fail_msg("instantiate: %s", trap.message);
}

static void unload(fixture *f)
{
    rt_store_free(f->store);
    rt_module_free(f->module);
    comp_arena_free(&f->arena);
}

static bool call(fixture *f, const char *name, const rt_val *args, uint32_t n, rt_val *res,
                 uint32_t nres, rt_trap *trap)
{
    rt_func *fn = rt_instance_func(f->inst, name);
    assert_non_null(fn);
    return rt_call(fn, args, n, res, nres, trap);
}

static uint32_t call_i32(fixture *f, const char *name, uint32_t a, uint32_t b)
{
    rt_val args[2] = {rt_val_i32(a), rt_val_i32(b)}, res;
    rt_trap trap;
    uint32_t np = rt_func_type(rt_instance_func(f->inst, name))->param_count;
    if (!call(f, name, args, np, &res, 1, &trap))
        fail_msg("%s trapped: %s", name, trap.message);
    assert_int_equal(res.kind, RT_I32);
    return res.of.i32;
}

static void arithmetic_and_recursion(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)"
         "  (func $fac (export \"fac\") (param i64) (result i64)"
         "    local.get 0 i64.eqz if (result i64) i64.const 1"
         "    else local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)"
         "  (func (export \"rotl\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rotl)"
         "  (func (export \"clz\") (param i32) (result i32) local.get 0 i32.clz))",
         NULL);
    assert_int_equal(call_i32(&f, "add", 2, 40), 42);
    assert_int_equal(call_i32(&f, "add", UINT32_MAX, 2), 1);
    assert_int_equal(call_i32(&f, "rotl", 0x80000001u, 1), 3);
    assert_int_equal(call_i32(&f, "clz", 0, 0), 32);
    rt_val arg = rt_val_i64(20), res;
    rt_trap trap;
    assert_true(call(&f, "fac", &arg, 1, &res, 1, &trap));
    assert_int_equal(res.kind, RT_I64);
    assert_true(res.of.i64 == 2432902008176640000ull);
    unload(&f);
}

static void multi_value_blocks_and_br_table(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (type $two (func (result i32 i32)))"
         "  (func (export \"swap\") (param i32 i32) (result i32 i32)"
         "    local.get 1 local.get 0)"
         "  (func (export \"pair\") (result i32)"
         "    (block (type $two) i32.const 7 i32.const 5) i32.sub)"
         "  (func (export \"switch\") (param i32) (result i32)"
         "    (block $d (result i32) (block $b (result i32) (block $a (result i32)"
         "      i32.const 5 i32.const 99 local.get 0 br_table $a $b $d)"
         "      i32.const 10 i32.add return) i32.const 20 i32.add return))"
         "  (func (export \"loop_sum\") (param i32) (result i32) (local i32)"
         "    (loop $l local.get 1 local.get 0 i32.add local.set 1"
         "      local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)"
         "    local.get 1))",
         NULL);
    rt_val args[2] = {rt_val_i32(1), rt_val_i32(2)}, res[2];
    rt_trap trap;
    assert_true(call(&f, "swap", args, 2, res, 2, &trap));
    assert_int_equal(res[0].of.i32, 2);
    assert_int_equal(res[1].of.i32, 1);
    assert_int_equal(call_i32(&f, "pair", 0, 0), 2);
    assert_int_equal(call_i32(&f, "switch", 0, 0), 109);
    assert_int_equal(call_i32(&f, "switch", 1, 0), 119);
    assert_int_equal(call_i32(&f, "switch", 2, 0), 99);
    assert_int_equal(call_i32(&f, "switch", 1000, 0), 99);
    assert_int_equal(call_i32(&f, "loop_sum", 100, 0), 5050);
    unload(&f);
}

/* The translator reads locals and constants in place instead of copying
 * them to the operand stack; these cases would break if it read a local
 * after it changed, or lost a value when branches move results. */
static void operands_keep_their_values(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (func (export \"old\") (param i32 i32) (result i32)"
         "    local.get 0 (local.set 0 (i32.const 5)) local.get 0 i32.sub)"
         "  (func (export \"tee\") (param i32 i32) (result i32)"
         "    local.get 0 (local.tee 0 (i32.add (local.get 0) (i32.const 1))) i32.mul)"
         "  (func (export \"swap_set\") (param i32 i32) (result i32)"
         "    local.get 1 local.get 0 local.set 1 local.set 0"
         "    local.get 0 i32.const 10 i32.mul local.get 1 i32.add)"
         "  (func (export \"br_moves\") (param i32 i32) (result i32)"
         "    (block (result i32) i32.const 100 local.get 0"
         "      (br_if 0 (local.get 1)) i32.add))"
         "  (func (export \"loop_params\") (param i32 i32) (result i32)"
         "    local.get 0 (loop (param i32) (result i32)"
         "      i32.const 2 i32.mul"
         "      (local.tee 1 (i32.sub (local.get 1) (i32.const 1))) br_if 0))"
         "  (func $sub (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub)"
         "  (func (export \"call_args\") (param i32 i32) (result i32)"
         "    i32.const 1000 local.get 1 local.get 0 call $sub i32.add)"
         "  (func (export \"rsub\") (param i32 i32) (result i32)"
         "    i32.const 7 local.get 0 i32.sub))",
         NULL);
    assert_int_equal(call_i32(&f, "old", 9, 0), 4);
    assert_int_equal(call_i32(&f, "tee", 3, 0), 12);
    assert_int_equal(call_i32(&f, "swap_set", 1, 2), 21);
    assert_int_equal(call_i32(&f, "br_moves", 5, 1), 5);
    assert_int_equal(call_i32(&f, "br_moves", 5, 0), 105);
    assert_int_equal(call_i32(&f, "loop_params", 3, 4), 48);
    assert_int_equal(call_i32(&f, "call_args", 2, 9), 1007);
    assert_int_equal(call_i32(&f, "rsub", 10, 0), UINT32_MAX - 2);
    unload(&f);
}

/* More reads of a local than the translator keeps virtual, then a write to
 * it: the deep reads must still see the old value. */
static void deep_operand_stacks(void **state)
{
    (void)state;
    enum { N = 150 };
    char *wat = malloc(64 + N * 40);
    assert_non_null(wat);
    char *p = wat;
    p += sprintf(p, "(module (func (export \"f\") (param i32) (result i32)");
    for (int i = 0; i < N; i++)
        p += sprintf(p, " local.get 0");
    p += sprintf(p, " i32.const 1000 local.set 0");
    for (int i = 0; i < N - 1; i++)
        p += sprintf(p, " i32.add");
    sprintf(p, " local.get 0 i32.add))");
    fixture f;
    load(&f, wat, NULL);
    assert_int_equal(call_i32(&f, "f", 3, 0), 3 * N + 1000);
    unload(&f);
    free(wat);
}

static void float_semantics(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (func (export \"min\") (param f32 f32) (result f32) local.get 0 local.get 1 f32.min)"
         "  (func (export \"nearest\") (param f64) (result f64) local.get 0 f64.nearest)"
         "  (func (export \"neg\") (param f32) (result f32) local.get 0 f32.neg)"
         "  (func (export \"sat\") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s))",
         NULL);
    rt_trap trap;
    rt_val res;
    /* min(-0, +0) is -0 */
    rt_val args[2] = {rt_val_f32_bits(0x80000000u), rt_val_f32_bits(0)};
    assert_true(call(&f, "min", args, 2, &res, 1, &trap));
    assert_int_equal(res.of.f32, 0x80000000u);
    args[0] = rt_val_f32_bits(0x7fa00000u); /* a signalling NaN in: a quiet NaN out */
    assert_true(call(&f, "min", args, 2, &res, 1, &trap));
    assert_true((res.of.f32 & 0x7fc00000u) == 0x7fc00000u);
    /* neg only flips the sign bit, even of a NaN payload */
    rt_val nan = rt_val_f32_bits(0x7f800001u);
    assert_true(call(&f, "neg", &nan, 1, &res, 1, &trap));
    assert_int_equal(res.of.f32, 0xff800001u);
    double x = 2.5;
    uint64_t bits;
    memcpy(&bits, &x, 8);
    rt_val d = rt_val_f64_bits(bits);
    assert_true(call(&f, "nearest", &d, 1, &res, 1, &trap));
    memcpy(&x, &res.of.f64, 8);
    assert_true(x == 2.0);
    x = 1e300;
    memcpy(&bits, &x, 8);
    d = rt_val_f64_bits(bits);
    assert_true(call(&f, "sat", &d, 1, &res, 1, &trap));
    assert_int_equal(res.of.i32, 0x7fffffffu);
    unload(&f);
}

static void expect_trap(fixture *f, const char *name, const rt_val *args, uint32_t n,
                        uint32_t nres, rt_trap_kind kind, const char *text)
{
    rt_val res[2];
    rt_trap trap;
    assert_false(call(f, name, args, n, res, nres, &trap));
    assert_int_equal(trap.kind, kind);
    assert_true(strncmp(trap.message, text, strlen(text)) == 0);
}

static void traps_carry_kind_and_location(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (memory 1)"
         "  (table 2 funcref)"
         "  (func $nop)"
         "  (elem (i32.const 1) $nop)"
         "  (func (export \"div\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)"
         "  (func (export \"unreachable\") unreachable)"
         "  (func (export \"load\") (param i32) (result i32) local.get 0 i32.load offset=4)"
         "  (func (export \"trunc\") (param f32) (result i32) local.get 0 i32.trunc_f32_s)"
         "  (func (export \"indirect\") (param i32) (result i32)"
         "    local.get 0 call_indirect (result i32)))",
         NULL);
    rt_val two[2] = {rt_val_i32(1), rt_val_i32(0)};
    expect_trap(&f, "div", two, 2, 1, RT_TRAP_INT_DIV_ZERO, "integer divide by zero");
    two[0] = rt_val_i32(0x80000000u);
    two[1] = rt_val_i32(UINT32_MAX);
    expect_trap(&f, "div", two, 2, 1, RT_TRAP_INT_OVERFLOW, "integer overflow");

    rt_trap trap;
    assert_false(call(&f, "unreachable", NULL, 0, NULL, 0, &trap));
    assert_int_equal(trap.kind, RT_TRAP_UNREACHABLE);
    assert_string_equal(trap.message, "unreachable");
    assert_string_equal(trap.func_name, "unreachable");
    assert_int_equal(trap.func_index, 2);
    assert_true(trap.offset > 0);

    rt_val a = rt_val_i32(65532);
    expect_trap(&f, "load", &a, 1, 1, RT_TRAP_MEMORY_OOB, "out of bounds memory access");
    a = rt_val_i32(UINT32_MAX); /* address + offset must not wrap around */
    expect_trap(&f, "load", &a, 1, 1, RT_TRAP_MEMORY_OOB, "out of bounds memory access");
    rt_val nan = rt_val_f32_bits(0x7fc00000u);
    expect_trap(&f, "trunc", &nan, 1, 1, RT_TRAP_INVALID_CONVERSION,
                "invalid conversion to integer");
    a = rt_val_i32(0);
    expect_trap(&f, "indirect", &a, 1, 1, RT_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element");
    a = rt_val_i32(1);
    expect_trap(&f, "indirect", &a, 1, 1, RT_TRAP_INDIRECT_TYPE, "indirect call type mismatch");
    a = rt_val_i32(2);
    expect_trap(&f, "indirect", &a, 1, 1, RT_TRAP_UNDEFINED_ELEMENT, "undefined element");
    unload(&f);
}

static const char *runaway_wat =
    "(module"
    "  (func $deep (export \"deep\") (param i32) (result i32)"
    "    local.get 0 i32.const 1 i32.add call $deep)"
    "  (func (export \"spin\") (loop $l br $l))"
    "  (func (export \"count\") (param i32) (result i32)"
    "    (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 0))";

static void call_depth_is_bounded_without_c_recursion(void **state)
{
    (void)state;
    fixture f;
    /* A million frames would overflow any C stack if calls recursed. */
    rt_limits limits = {.max_call_depth = 1000000, .max_stack_slots = 8u << 20};
    load(&f, runaway_wat, &limits);
    rt_val a = rt_val_i32(0);
    expect_trap(&f, "deep", &a, 1, 1, RT_TRAP_STACK_EXHAUSTED, "call stack exhausted");
    /* The store is still usable afterwards. */
    assert_int_equal(call_i32(&f, "count", 10, 0), 0);
    unload(&f);

    limits = (rt_limits){.max_call_depth = 50};
    load(&f, runaway_wat, &limits);
    expect_trap(&f, "deep", &a, 1, 1, RT_TRAP_STACK_EXHAUSTED, "call stack exhausted");
    unload(&f);
}

static void fuel_stops_infinite_loops(void **state)
{
    (void)state;
    fixture f;
    load(&f, runaway_wat, NULL);
    assert_true(rt_store_fuel(f.store) == RT_FUEL_UNLIMITED);
    rt_store_set_fuel(f.store, 10000);
    expect_trap(&f, "spin", NULL, 0, 0, RT_TRAP_OUT_OF_FUEL, "all fuel consumed");
    assert_true(rt_store_fuel(f.store) == 0);
    rt_store_set_fuel(f.store, 1000);
    assert_int_equal(call_i32(&f, "count", 100, 0), 0);
    /* One unit for the call and one per back-edge taken (99 of them). */
    assert_true(rt_store_fuel(f.store) == 1000 - 100);
    rt_store_set_fuel(f.store, RT_FUEL_UNLIMITED);
    unload(&f);
}

static void interrupt_flag_stops_execution(void **state)
{
    (void)state;
    fixture f;
    load(&f, runaway_wat, NULL);
    rt_store_interrupt(f.store);
    expect_trap(&f, "spin", NULL, 0, 0, RT_TRAP_INTERRUPTED, "interrupted");
    rt_store_clear_interrupt(f.store);
    assert_int_equal(call_i32(&f, "count", 5, 0), 0);
    unload(&f);
}

static void wrong_arguments_are_rejected(void **state)
{
    (void)state;
    fixture f;
    load(&f, runaway_wat, NULL);
    rt_val a = rt_val_i64(1), res;
    expect_trap(&f, "count", &a, 1, 1, RT_TRAP_BAD_ARGS, "wrong arguments");
    a = rt_val_i32(1);
    rt_trap trap;
    assert_false(call(&f, "count", &a, 1, &res, 0, &trap));
    assert_int_equal(trap.kind, RT_TRAP_BAD_ARGS);
    unload(&f);
}

static void invalid_modules_are_refused(void **state)
{
    (void)state;
    comp_arena arena;
    comp_arena_init(&arena);
    comp_error err = {0};
    comp_module *m;
    const char *wat = "(module (func (result i32) i64.const 1))";
    assert_true(comp_wat_parse_module(wat, strlen(wat), &arena, &m, &err));
    assert_null(rt_module_new(m, COMP_FEATURES_DEFAULT, &err));
    assert_true(err.message[0] != 0);
    comp_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arithmetic_and_recursion),
        cmocka_unit_test(multi_value_blocks_and_br_table),
        cmocka_unit_test(operands_keep_their_values),
        cmocka_unit_test(deep_operand_stacks),
        cmocka_unit_test(float_semantics),
        cmocka_unit_test(traps_carry_kind_and_location),
        cmocka_unit_test(call_depth_is_bounded_without_c_recursion),
        cmocka_unit_test(fuel_stops_infinite_loops),
        cmocka_unit_test(interrupt_flag_stops_execution),
        cmocka_unit_test(wrong_arguments_are_rejected),
        cmocka_unit_test(invalid_modules_are_refused),
    };
    return unit_run("rt_core", tests);
}
