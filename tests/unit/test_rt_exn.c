/* Exception handling in the core interpreter (throw, throw_ref, try_table
 * with every kind of catch clause, exnref values), unwinding across wasm
 * frames and host calls, uncaught exceptions reaching the host, tag
 * identity per instance, and the backtraces that traps carry. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/wat.h"
#include "rt/core.h"

/* Modules parsed from WAT; the arena and modules live as long as the
 * store that runs them. */
typedef struct world {
    comp_arena arena;
    rt_store *store;
    rt_module *modules[4];
    uint32_t module_count;
} world;

static void world_init(world *w)
{
    comp_arena_init(&w->arena);
    w->store = rt_store_new(NULL);
    assert_non_null(w->store);
    w->module_count = 0;
}

static void world_free(world *w)
{
    rt_store_free(w->store);
    for (uint32_t i = 0; i < w->module_count; i++)
        rt_module_free(w->modules[i]);
    comp_arena_free(&w->arena);
}

static rt_module *compile(world *w, const char *wat)
{
    comp_error err = {0};
    comp_module *m;
    if (!comp_wat_parse_module(wat, strlen(wat), &w->arena, &m, &err))
        fail_msg("WAT: %s (line %u)", err.message, err.line);
    rt_module *mod = rt_module_new(m, COMP_FEATURES_DEFAULT, &err);
    if (!mod)
        fail_msg("module: %s at %zu", err.message, err.offset);
    assert_true(w->module_count < 4);
    w->modules[w->module_count++] = mod;
    return mod;
}

static rt_instance *instantiate(world *w, rt_module *mod, const rt_extern *imports, uint32_t n)
{
    rt_instance *inst;
    rt_trap trap;
    if (!rt_instantiate(w->store, mod, imports, n, &inst, &trap))
        fail_msg("instantiate: %s", trap.message);
    return inst;
}

/* Calls `name` with i32 arguments; its one i32 result, failing the test on
 * a trap. */
static uint32_t call_i32(rt_instance *inst, const char *name, uint32_t arg)
{
    rt_func *fn = rt_instance_func(inst, name);
    assert_non_null(fn);
    rt_val a = rt_val_i32(arg), res;
    rt_trap trap;
    uint32_t np = rt_func_type(fn)->param_count;
    if (!rt_call(fn, &a, np, &res, 1, &trap))
        fail_msg("%s trapped: %s", name, trap.message);
    assert_int_equal(res.kind, RT_I32);
    return res.of.i32;
}

/* Calls `name` (i32 argument, no results) expecting a trap of `kind`. */
static rt_trap expect_trap(rt_instance *inst, const char *name, uint32_t arg, rt_trap_kind kind)
{
    rt_func *fn = rt_instance_func(inst, name);
    assert_non_null(fn);
    rt_val a = rt_val_i32(arg), res[2];
    rt_trap trap;
    const comp_functype *ft = rt_func_type(fn);
    assert_false(rt_call(fn, &a, ft->param_count, res, ft->result_count, &trap));
    assert_int_equal(trap.kind, kind);
    return trap;
}

static const char catch_wat[] =
    "(module"
    "  (tag $a (export \"a\") (param i32))"
    "  (tag $b (param i64 f64))"
    "  (tag $c)"
    "  (func $throw (param i32)"
    "    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $a (i32.const 41))))"
    "    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $b (i64.const 5) (f64.const 2.5))))"
    "    (if (i32.eq (local.get 0) (i32.const 3)) (then (throw $c))))"
    /* Each clause's label gets the tag's values; the operand below the
     * blocks (1000) must survive the unwinding. */
    "  (func (export \"dispatch\") (param i32) (result i32)"
    "    (i32.const 1000)"
    "    (block $done (result i32)"
    "      (block $none"
    "        (block $cb (result i64 f64)"
    "          (block $ca (result i32)"
    "            (try_table (catch $a $ca) (catch $b $cb) (catch_all $none)"
    "              (call $throw (local.get 0)))"
    "            (br $done (i32.const 3)))"
    "          (br $done (i32.add (i32.const 7))))"
    "        (drop) (i32.wrap_i64) (br $done (i32.add (i32.const 100))))"
    "      (i32.const 3))"
    "    (i32.add))"
    /* Nested: the inner try_table does not catch $a, the outer one does. */
    "  (func (export \"nested\") (param i32) (result i32)"
    "    (block $outer (result i32)"
    "      (try_table (result i32) (catch $a $outer)"
    "        (block $inner"
    "          (try_table (catch $c $inner)"
    "            (call $throw (local.get 0))))"
    "        (i32.const 77)))"
    "  )"
    /* A catch branching back to a loop: retry until the counter runs out. */
    "  (func (export \"retry\") (param i32) (result i32)"
    "    (local $tries i32)"
    "    (loop $again"
    "      (local.set $tries (i32.add (local.get $tries) (i32.const 1)))"
    "      (try_table (catch $c $again)"
    "        (if (i32.lt_u (local.get $tries) (local.get 0)) (then (throw $c)))))"
    "    (local.get $tries))"
    ")";

static void throw_and_catch_pass_values(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_instance *inst = instantiate(&w, compile(&w, catch_wat), NULL, 0);
    assert_int_equal(call_i32(inst, "dispatch", 0), 1003);          /* no throw */
    assert_int_equal(call_i32(inst, "dispatch", 1), 1000 + 41 + 7); /* catch $a */
    assert_int_equal(call_i32(inst, "dispatch", 2), 1000 + 5 + 100); /* catch $b */
    assert_int_equal(call_i32(inst, "dispatch", 3), 1003);          /* catch_all */
    assert_int_equal(call_i32(inst, "nested", 0), 77);
    assert_int_equal(call_i32(inst, "nested", 1), 41);
    assert_int_equal(call_i32(inst, "nested", 3), 77);
    /* $b is caught by neither try_table of "nested". */
    rt_trap trap = expect_trap(inst, "nested", 2, RT_TRAP_EXCEPTION);
    assert_string_equal(trap.message, "uncaught exception");
    assert_int_equal(call_i32(inst, "retry", 5), 5);
    assert_int_equal(call_i32(inst, "retry", 0), 1);
    world_free(&w);
}

static const char ref_wat[] =
    "(module"
    "  (tag $e (export \"e\") (param i32))"
    "  (tag $f)"
    "  (func $thrower (param i32) (throw $e (local.get 0)))"
    /* catch_ref keeps the exception; a frame further up throws it again. */
    "  (func $catch_and_keep (param i32) (result exnref)"
    "    (block $h (result i32 exnref)"
    "      (try_table (catch_ref $e $h) (call $thrower (local.get 0)))"
    "      (return (ref.null exn)))"
    "    (return))"
    "  (func (export \"keep\") (param i32) (result exnref) (call $catch_and_keep (local.get 0)))"
    "  (func $rethrow (param exnref) (throw_ref (local.get 0)))"
    "  (func (export \"rethrow_caught\") (param i32) (result i32)"
    "    (block $h (result i32)"
    "      (try_table (catch $e $h)"
    "        (call $rethrow (call $catch_and_keep (local.get 0))))"
    "      (i32.const -1)))"
    "  (func (export \"rethrow_all\") (param i32) (result i32)"
    "    (local $x exnref)"
    "    (block $h (result exnref)"
    "      (try_table (catch_all_ref $h) (call $thrower (local.get 0)))"
    "      (return (i32.const -1)))"
    "    (local.set $x)"
    "    (block $h2 (result i32)"
    "      (try_table (catch $e $h2) (throw_ref (local.get $x)))"
    "      (i32.const -2)))"
    "  (func (export \"throw_ref\") (param exnref) (throw_ref (local.get 0)))"
    "  (func (export \"throw_null\") (param i32) (throw_ref (ref.null exn)))"
    ")";

static void catch_ref_and_throw_ref(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_instance *inst = instantiate(&w, compile(&w, ref_wat), NULL, 0);
    assert_int_equal(call_i32(inst, "rethrow_caught", 9), 9);
    assert_int_equal(call_i32(inst, "rethrow_all", 12), 12);

    /* An exnref leaves wasm as a value, keeps its payload, and comes back. */
    rt_val a = rt_val_i32(33), ref;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(inst, "keep"), &a, 1, &ref, 1, &trap));
    assert_int_equal(ref.kind, RT_EXNREF);
    assert_non_null(ref.of.exnref);
    assert_ptr_equal(rt_exn_tag(ref.of.exnref), rt_instance_tag(inst, "e"));
    assert_int_equal(rt_exn_value_count(ref.of.exnref), 1);
    assert_int_equal(rt_exn_value(ref.of.exnref, 0).of.i32, 33);
    assert_false(rt_call(rt_instance_func(inst, "throw_ref"), &ref, 1, NULL, 0, &trap));
    assert_int_equal(trap.kind, RT_TRAP_EXCEPTION);
    assert_ptr_equal(trap.exception, ref.of.exnref);

    trap = expect_trap(inst, "throw_null", 0, RT_TRAP_NULL_EXN);
    assert_string_equal(trap.message, "null exception reference");
    world_free(&w);
}

static void uncaught_exceptions_reach_the_host(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_instance *inst = instantiate(&w, compile(&w,
        "(module"
        "  (tag $e (export \"e\") (param i32 i64))"
        "  (func $deep (param i32) (throw $e (local.get 0) (i64.const -1)))"
        "  (func $mid (param i32) (call $deep (local.get 0)))"
        "  (func (export \"top\") (param i32) (call $mid (local.get 0))))"), NULL, 0);
    rt_trap trap = expect_trap(inst, "top", 5, RT_TRAP_EXCEPTION);
    assert_non_null(trap.exception);
    assert_ptr_equal(rt_exn_tag(trap.exception), rt_instance_tag(inst, "e"));
    assert_int_equal(rt_exn_value(trap.exception, 0).of.i32, 5);
    assert_int_equal(rt_exn_value(trap.exception, 1).of.i64, UINT64_MAX);
    /* Reported where it was thrown, with the frames that let it through. */
    assert_string_equal(trap.func_name, "deep");
    assert_int_equal(trap.backtrace_count, 3);
    assert_string_equal(trap.backtrace[0].func_name, "deep");
    assert_string_equal(trap.backtrace[1].func_name, "mid");
    assert_string_equal(trap.backtrace[2].func_name, "top");
    /* The instance stays usable. */
    trap = expect_trap(inst, "top", 6, RT_TRAP_EXCEPTION);
    assert_int_equal(rt_exn_value(trap.exception, 0).of.i32, 6);
    world_free(&w);
}

/* ---- host calls ---------------------------------------------------------- */

typedef struct host_ctx {
    rt_store *store;
    rt_func *callee;    /* wasm function to call back, or NULL */
    rt_tag *tag;        /* tag to throw when callee is NULL */
    uint32_t calls;
} host_ctx;

/* Calls ctx->callee(arg) and passes its trap (an exception included) on,
 * or throws a new exception of ctx->tag carrying arg + 1. */
static bool host_fn(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                    rt_trap *trap)
{
    (void)caller, (void)results;
    host_ctx *ctx = user;
    ctx->calls++;
    if (ctx->callee)
        return rt_call(ctx->callee, args, 1, NULL, 0, trap);
    rt_val v = rt_val_i32(args[0].of.i32 + 1);
    rt_exn *exn = rt_exn_new(ctx->store, ctx->tag, &v, 1);
    assert_non_null(exn);
    rt_trap_throw(trap, exn);
    return false;
}

static const char host_wat[] =
    "(module"
    "  (import \"host\" \"call\" (func $host (param i32)))"
    "  (import \"host\" \"e\" (tag $e (param i32)))"
    "  (func $inner (export \"inner\") (param i32)"
    "    (if (local.get 0) (then (throw $e (local.get 0)))))"
    "  (func (export \"outer\") (param i32) (result i32)"
    "    (block $h (result i32)"
    "      (try_table (catch $e $h) (call $host (local.get 0)))"
    "      (i32.const -1)))"
    "  (func (export \"trap_inner\") (param i32) (unreachable))"
    ")";

static void exceptions_unwind_through_host_calls(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    comp_valtype i32 = COMP_I32;
    comp_functype ft = {.param_count = 1, .params = &i32};
    host_ctx ctx = {.store = w.store};
    rt_tag *tag = rt_tag_new(w.store, &ft);
    assert_non_null(tag);
    assert_int_equal(rt_tag_type(tag)->param_count, 1);
    rt_extern imports[2] = {
        {.kind = COMP_EXTERN_FUNC, .of.func = rt_func_new_host(w.store, &ft, host_fn, &ctx)},
        {.kind = COMP_EXTERN_TAG, .of.tag = tag},
    };
    rt_instance *inst = instantiate(&w, compile(&w, host_wat), imports, 2);

    /* wasm -> host -> wasm: the inner throw crosses the host frame. */
    ctx.callee = rt_instance_func(inst, "inner");
    assert_int_equal(call_i32(inst, "outer", 8), 8);
    assert_int_equal(call_i32(inst, "outer", 0), (uint32_t)-1);
    /* A host function throws: wasm catches the host's exception. */
    ctx.callee = NULL;
    ctx.tag = tag;
    assert_int_equal(call_i32(inst, "outer", 20), 21);
    /* A host exception of a tag nobody catches reaches the embedder. */
    rt_tag *other = rt_tag_new(w.store, &ft);
    ctx.tag = other;
    rt_trap trap = expect_trap(inst, "outer", 1, RT_TRAP_EXCEPTION);
    assert_ptr_equal(rt_exn_tag(trap.exception), other);
    assert_int_equal(rt_exn_value(trap.exception, 0).of.i32, 2);

    /* A trap under a host call: the backtrace spans both runs. */
    ctx.callee = rt_instance_func(inst, "trap_inner");
    trap = expect_trap(inst, "outer", 1, RT_TRAP_UNREACHABLE);
    assert_int_equal(trap.backtrace_count, 2);
    assert_string_equal(trap.backtrace[0].func_name, "trap_inner");
    assert_string_equal(trap.backtrace[1].func_name, "outer");
    assert_int_equal(ctx.calls, 5);
    world_free(&w);
}

/* ---- tags ------------------------------------------------------------------ */

static const char tag_module_wat[] = "(module (tag (export \"t\") (param i32)))";

static const char catcher_wat[] =
    "(module"
    "  (import \"m\" \"t\" (tag $t (param i32)))"
    "  (import \"m\" \"throw\" (func $throw (param i32)))"
    "  (func (export \"run\") (param i32) (result i32)"
    "    (block $all"
    "      (block $h (result i32)"
    "        (try_table (catch $t $h) (catch_all $all) (call $throw (local.get 0)))"
    "        (return (i32.const 99)))"
    "      (return))"
    "    (i32.const 77)))";

static const char thrower_wat[] =
    "(module"
    "  (import \"m\" \"t\" (tag $t (param i32)))"
    "  (func (export \"throw\") (param i32) (throw $t (local.get 0))))";

static void tags_are_distinct_per_instance(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_module *tags = compile(&w, tag_module_wat);
    rt_module *thrower = compile(&w, thrower_wat);
    rt_module *catcher = compile(&w, catcher_wat);
    rt_instance *ta = instantiate(&w, tags, NULL, 0);
    rt_instance *tb = instantiate(&w, tags, NULL, 0);
    assert_ptr_not_equal(rt_instance_tag(ta, "t"), rt_instance_tag(tb, "t"));
    rt_extern ia = {.kind = COMP_EXTERN_TAG, .of.tag = rt_instance_tag(ta, "t")};
    rt_extern ib = {.kind = COMP_EXTERN_TAG, .of.tag = rt_instance_tag(tb, "t")};
    rt_instance *throw_a = instantiate(&w, thrower, &ia, 1);
    rt_instance *throw_b = instantiate(&w, thrower, &ib, 1);
    rt_extern ca[2] = {ia, {.kind = COMP_EXTERN_FUNC, .of.func = rt_instance_func(throw_a, "throw")}};
    rt_extern cb[2] = {ia, {.kind = COMP_EXTERN_FUNC, .of.func = rt_instance_func(throw_b, "throw")}};
    /* Same tag: caught by `catch $t` with its value. */
    assert_int_equal(call_i32(instantiate(&w, catcher, ca, 2), "run", 42), 42);
    /* Another instance's tag of the same type: only catch_all takes it. */
    assert_int_equal(call_i32(instantiate(&w, catcher, cb, 2), "run", 42), 77);

    /* A tag of another type does not satisfy the import. */
    comp_functype none = {0};
    rt_extern wrong = {.kind = COMP_EXTERN_TAG, .of.tag = rt_tag_new(w.store, &none)};
    rt_instance *inst;
    rt_trap trap;
    assert_false(rt_instantiate(w.store, thrower, &wrong, 1, &inst, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(trap.message, "incompatible import type"));
    rt_extern not_a_tag = cb[1];
    assert_false(rt_instantiate(w.store, thrower, &not_a_tag, 1, &inst, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    /* Tags with results do not exist. */
    comp_valtype i32 = COMP_I32;
    comp_functype with_result = {.result_count = 1, .results = &i32};
    assert_null(rt_tag_new(w.store, &with_result));
    world_free(&w);
}

/* After a catch, memory accesses use the catching instance's memory, not
 * the one of the instance that threw; v128 values travel intact. */
static void catching_frames_get_their_state_back(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_instance *thrower = instantiate(&w, compile(&w,
        "(module"
        "  (tag $t (export \"t\") (param v128 i32))"
        "  (memory 1)"
        "  (func (export \"throw\") (param i32)"
        "    (i32.store (i32.const 0) (i32.const 555))"
        "    (throw $t (v128.const i32x4 1 2 3 4) (local.get 0))))"), NULL, 0);
    rt_extern imports[2] = {
        {.kind = COMP_EXTERN_TAG, .of.tag = rt_instance_tag(thrower, "t")},
        {.kind = COMP_EXTERN_FUNC, .of.func = rt_instance_func(thrower, "throw")},
    };
    rt_instance *catcher = instantiate(&w, compile(&w,
        "(module"
        "  (import \"m\" \"t\" (tag $t (param v128 i32)))"
        "  (import \"m\" \"throw\" (func $throw (param i32)))"
        "  (memory 1)"
        "  (data (i32.const 0) \"\\07\\00\\00\\00\")"
        "  (func (export \"run\") (param i32) (result i32)"
        "    (local $v v128)"
        "    (local.get 0)"
        "    (block $h (param i32) (result v128 i32)"
        "      (try_table (param i32) (catch $t $h) (call $throw))"
        "      (return (i32.const -1)))"
        "    (i32.add (i32.load (i32.const 0)))"
        "    (local.set 0)"
        "    (local.set $v)"
        "    (i32.add (local.get 0) (i32x4.extract_lane 3 (local.get $v)))))"), imports, 2);
    /* 7 from the catcher's own memory, plus the payload 10, plus lane 4. */
    assert_int_equal(call_i32(catcher, "run", 10), 7 + 10 + 4);
    world_free(&w);
}

/* ---- backtraces ------------------------------------------------------------ */

static void traps_carry_a_bounded_backtrace(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_instance *inst = instantiate(&w, compile(&w,
        "(module"
        "  (func $leaf (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))"
        "  (func $branch (param i32) (result i32) (call $leaf (local.get 0)))"
        "  (func (export \"root\") (param i32) (result i32) (call $branch (local.get 0)))"
        "  (func $down (export \"down\") (param i32) (result i32)"
        "    (if (result i32) (local.get 0)"
        "      (then (call $down (i32.sub (local.get 0) (i32.const 1))))"
        "      (else (unreachable)))))"), NULL, 0);
    rt_trap trap = expect_trap(inst, "root", 0, RT_TRAP_INT_DIV_ZERO);
    assert_int_equal(trap.backtrace_count, 3);
    assert_int_equal(trap.backtrace_omitted, 0);
    const char *names[] = {"leaf", "branch", "root"};
    for (uint32_t i = 0; i < 3; i++) {
        assert_string_equal(trap.backtrace[i].func_name, names[i]);
        assert_int_equal(trap.backtrace[i].func_index, i);
        assert_true(trap.backtrace[i].offset > 0);
    }
    /* The innermost frame is the trap's own location. */
    assert_int_equal(trap.backtrace[0].offset, trap.offset);
    /* Callers are located at their call instructions, which come later in
     * the binary than the callee bodies here. */
    assert_true(trap.backtrace[1].offset > trap.backtrace[0].offset);
    assert_true(trap.backtrace[2].offset > trap.backtrace[1].offset);

    /* 101 frames: the innermost RT_TRAP_BACKTRACE_MAX are kept. */
    trap = expect_trap(inst, "down", 100, RT_TRAP_UNREACHABLE);
    assert_int_equal(trap.backtrace_count, RT_TRAP_BACKTRACE_MAX);
    assert_int_equal(trap.backtrace_omitted, 101 - RT_TRAP_BACKTRACE_MAX);
    assert_string_equal(trap.backtrace[RT_TRAP_BACKTRACE_MAX - 1].func_name, "down");

    /* A successful call after a trap leaves no stale backtrace behind. */
    rt_val a = rt_val_i32(1), res;
    assert_true(rt_call(rt_instance_func(inst, "root"), &a, 1, &res, 1, &trap));
    assert_int_equal(trap.backtrace_count, 0);
    world_free(&w);
}

/* Throwing in a loop frees the exceptions that no catch_ref exposed. */
static void caught_exceptions_do_not_accumulate(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    rt_instance *inst = instantiate(&w, compile(&w,
        "(module"
        "  (tag $e (param i32))"
        "  (func (export \"spin\") (param i32) (result i32)"
        "    (local $sum i32)"
        "    (loop $next"
        "      (block $h (result i32)"
        "        (try_table (catch $e $h) (throw $e (local.get 0)))"
        "        (unreachable))"
        "      (local.set $sum (i32.add (local.get $sum)))"
        "      (br_if $next (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))"
        "    (local.get $sum)))"), NULL, 0);
    assert_int_equal(call_i32(inst, "spin", 100000), (uint32_t)(100000ull * 100001 / 2));
    world_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(throw_and_catch_pass_values),
        cmocka_unit_test(catch_ref_and_throw_ref),
        cmocka_unit_test(uncaught_exceptions_reach_the_host),
        cmocka_unit_test(exceptions_unwind_through_host_calls),
        cmocka_unit_test(tags_are_distinct_per_instance),
        cmocka_unit_test(catching_frames_get_their_state_back),
        cmocka_unit_test(traps_carry_a_bounded_backtrace),
        cmocka_unit_test(caught_exceptions_do_not_accumulate),
    };
    return unit_run("rt_exn", tests);
}
