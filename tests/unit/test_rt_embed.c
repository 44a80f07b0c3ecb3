/* The embedding side of the core runtime: host functions (including ones
 * that trap or call back into wasm), the linker and `register`, host access
 * to memories, tables and globals, store limits, multi-memory, and the
 * instantiation order (segments, start function, link errors). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "comp/wat.h"
#include "rt/core.h"

typedef struct world {
    comp_arena arena;
    rt_store *store;
    rt_linker *linker;
    rt_module *modules[8];
    int module_count;
} world;

static void world_init(world *w, const rt_limits *limits)
{
    memset(w, 0, sizeof *w);
    comp_arena_init(&w->arena);
    w->store = rt_store_new(limits);
    w->linker = rt_linker_new();
    assert_non_null(w->store);
    assert_non_null(w->linker);
}

static void world_free(world *w)
{
    rt_store_free(w->store);
    rt_linker_free(w->linker);
    for (int i = 0; i < w->module_count; i++)
        rt_module_free(w->modules[i]);
    comp_arena_free(&w->arena);
}

static rt_module *compile(world *w, const char *wat)
{
    comp_error err = {0};
    comp_module *m;
    if (!comp_wat_parse_module(wat, strlen(wat), &w->arena, &m, &err))
        fail_msg("WAT: %s", err.message);
    rt_module *mod = rt_module_new(m, COMP_FEATURES_DEFAULT, &err);
    if (!mod)
        fail_msg("module: %s", err.message);
    assert_true(w->module_count < 8);
    w->modules[w->module_count++] = mod;
    return mod;
}

static rt_instance *instantiate(world *w, const char *wat)
{
    rt_instance *inst;
    rt_trap trap;
    if (!rt_linker_instantiate(w->linker, w->store, compile(w, wat), &inst, &trap))
        fail_msg("instantiate: %s", trap.message);
    return inst;
}

/* ---- host functions ---------------------------------------------------------- */

typedef struct host_log {
    int calls;
    uint32_t last;
    rt_instance *caller;
} host_log;

static bool host_add(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                     rt_trap *trap)
{
    host_log *log = user;
    log->calls++;
    log->last = args[0].of.i32;
    log->caller = caller;
    results[0] = rt_val_i32(args[0].of.i32 + args[1].of.i32);
    return true;
}

static bool host_fail(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                      rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_HOST, "the host said no");
    return false;
}

/* Calls the guest's export "inner" with args[0] - 1: recursion through
 * the host. */
static bool host_reenter(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                         rt_trap *trap)
{
    rt_func *inner = rt_instance_func(caller, "inner");
    rt_val a = rt_val_i32(args[0].of.i32 - 1);
    if (!rt_call(inner, &a, 1, results, 1, trap))
        return false;
    return true;
}

static const comp_valtype i32x2[] = {COMP_I32, COMP_I32};
static const comp_valtype i32x1[] = {COMP_I32};

static void define_func(world *w, const char *name, rt_host_fn fn, void *user, uint32_t np,
                        uint32_t nr)
{
    comp_functype ft = {np, nr, (comp_valtype *)i32x2, (comp_valtype *)i32x1};
    rt_extern e = {.kind = COMP_EXTERN_FUNC};
    e.of.func = rt_func_new_host(w->store, &ft, fn, user);
    assert_non_null(e.of.func);
    assert_true(rt_linker_define(w->linker, "host", name, e));
}

static void host_functions_are_called_with_the_caller(void **state)
{
    (void)state;
    world w;
    world_init(&w, NULL);
    host_log log = {0};
    define_func(&w, "add", host_add, &log, 2, 1);
    define_func(&w, "fail", host_fail, NULL, 0, 0);
    rt_instance *inst = instantiate(&w,
        "(module"
        "  (import \"host\" \"add\" (func $add (param i32 i32) (result i32)))"
        "  (import \"host\" \"fail\" (func $fail))"
        "  (func (export \"twice\") (param i32) (result i32)"
        "    local.get 0 local.get 0 call $add i32.const 1 call $add)"
        "  (func (export \"fail\") call $fail))");
    rt_val a = rt_val_i32(20), r;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(inst, "twice"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, 41);
    assert_int_equal(log.calls, 2);
    assert_int_equal(log.last, 40);
    assert_ptr_equal(log.caller, inst);

    assert_false(rt_call(rt_instance_func(inst, "fail"), NULL, 0, NULL, 0, &trap));
    assert_int_equal(trap.kind, RT_TRAP_HOST);
    assert_string_equal(trap.message, "the host said no");
    assert_string_equal(trap.func_name, "fail");
    world_free(&w);
}

static void host_can_reenter_wasm(void **state)
{
    (void)state;
    world w;
    rt_limits limits = {.max_call_depth = 200};
    world_init(&w, &limits);
    define_func(&w, "reenter", host_reenter, NULL, 1, 1);
    rt_instance *inst = instantiate(&w,
        "(module"
        "  (import \"host\" \"reenter\" (func $re (param i32) (result i32)))"
        "  (func (export \"inner\") (param i32) (result i32)"
        "    local.get 0 i32.eqz if (result i32) i32.const 7"
        "    else local.get 0 call $re i32.const 1 i32.add end))");
    rt_val a = rt_val_i32(10), r;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(inst, "inner"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, 17);
    /* Deep enough to hit the depth limit through the host: a trap, not a
     * crash, and the store is usable afterwards. */
    a = rt_val_i32(100000);
    assert_false(rt_call(rt_instance_func(inst, "inner"), &a, 1, &r, 1, &trap));
    assert_int_equal(trap.kind, RT_TRAP_STACK_EXHAUSTED);
    a = rt_val_i32(3);
    assert_true(rt_call(rt_instance_func(inst, "inner"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, 10);
    world_free(&w);
}

/* ---- memories, tables, globals ---------------------------------------------- */

static void host_reads_and_writes_memory(void **state)
{
    (void)state;
    world w;
    rt_limits limits = {.max_memory_pages = 3};
    world_init(&w, &limits);
    rt_instance *inst = instantiate(&w,
        "(module (memory (export \"mem\") 1 10)"
        "  (data (i32.const 8) \"\\2a\\00\\00\\00\")"
        "  (func (export \"load\") (param i32) (result i32) local.get 0 i32.load)"
        "  (func (export \"grow\") (param i32) (result i32) local.get 0 memory.grow))");
    rt_memory *mem = rt_instance_memory(inst, "mem");
    assert_non_null(mem);
    assert_int_equal(rt_memory_pages(mem), 1);
    uint32_t v = 0;
    assert_true(rt_memory_read(mem, 8, &v, 4));
    assert_int_equal(v, 42);
    uint8_t bytes[4] = {1, 2, 3, 4};
    assert_true(rt_memory_write(mem, 100, bytes, 4));
    assert_false(rt_memory_write(mem, RT_PAGE_SIZE - 2, bytes, 4));
    assert_false(rt_memory_read(mem, UINT64_MAX - 1, &v, 4));
    rt_val a = rt_val_i32(100), r;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(inst, "load"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, 0x04030201u);
    /* The store allows 3 pages although the memory's maximum is 10. */
    a = rt_val_i32(2);
    assert_true(rt_call(rt_instance_func(inst, "grow"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, 1);
    a = rt_val_i32(1);
    assert_true(rt_call(rt_instance_func(inst, "grow"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, UINT32_MAX);
    assert_int_equal(rt_memory_size(mem), 3 * RT_PAGE_SIZE);
    assert_int_equal(rt_memory_data(mem)[2 * RT_PAGE_SIZE], 0);
    /* A module asking for more than the limit does not instantiate. */
    rt_instance *big;
    assert_false(rt_linker_instantiate(w.linker, w.store, compile(&w, "(module (memory 4))"),
                                       &big, &trap));
    assert_int_equal(trap.kind, RT_TRAP_RESOURCE);
    world_free(&w);
}

static void globals_and_tables_from_the_host(void **state)
{
    (void)state;
    world w;
    world_init(&w, NULL);
    comp_globaltype gt = {COMP_I64, 1};
    rt_global *g = rt_global_new(w.store, &gt, rt_val_i64(5));
    assert_non_null(g);
    comp_globaltype ct = {COMP_I32, 0};
    rt_global *c = rt_global_new(w.store, &ct, rt_val_i32(9));
    assert_null(rt_global_new(w.store, &ct, rt_val_i64(9)));
    assert_false(rt_global_set(c, rt_val_i32(1)));
    comp_tabletype tt = {COMP_FUNCREF, {COMP_LIMITS_HAS_MAX, 2, 4}};
    rt_table *t = rt_table_new(w.store, &tt, rt_val_funcref(NULL));
    assert_non_null(t);
    rt_extern e = {.kind = COMP_EXTERN_GLOBAL};
    e.of.global = g;
    rt_linker_define(w.linker, "env", "g", e);
    e.of.global = c;
    rt_linker_define(w.linker, "env", "c", e);
    e.kind = COMP_EXTERN_TABLE;
    e.of.table = t;
    rt_linker_define(w.linker, "env", "t", e);

    rt_instance *inst = instantiate(&w,
        "(module"
        "  (import \"env\" \"g\" (global $g (mut i64)))"
        "  (import \"env\" \"c\" (global $c i32))"
        "  (import \"env\" \"t\" (table $t 2 funcref))"
        "  (global $d i32 (global.get $c))"
        "  (func $seven (result i32) i32.const 7)"
        "  (elem (i32.const 1) $seven)"
        "  (func (export \"bump\") (result i64)"
        "    global.get $g i64.const 1 i64.add global.set $g global.get $g)"
        "  (func (export \"d\") (result i32) global.get $d)"
        "  (func (export \"call\") (param i32) (result i32)"
        "    local.get 0 call_indirect $t (result i32))"
        "  (func (export \"grow\") (result i32) ref.null func i32.const 10 table.grow $t))");
    rt_val r;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(inst, "bump"), NULL, 0, &r, 1, &trap));
    assert_true(r.of.i64 == 6);
    assert_true(rt_global_get(g).of.i64 == 6);
    assert_true(rt_global_set(g, rt_val_i64(100)));
    assert_true(rt_call(rt_instance_func(inst, "bump"), NULL, 0, &r, 1, &trap));
    assert_true(r.of.i64 == 101);
    assert_true(rt_call(rt_instance_func(inst, "d"), NULL, 0, &r, 1, &trap));
    assert_int_equal(r.of.i32, 9);

    /* The element segment wrote into the host's table. */
    rt_val ref;
    assert_true(rt_table_get(t, 1, &ref));
    assert_non_null(ref.of.funcref);
    assert_true(rt_table_set(t, 0, ref));
    rt_val a = rt_val_i32(0);
    assert_true(rt_call(rt_instance_func(inst, "call"), &a, 1, &r, 1, &trap));
    assert_int_equal(r.of.i32, 7);
    /* A funcref taken from a table can be called directly. */
    assert_true(rt_call(ref.of.funcref, NULL, 0, &r, 1, &trap));
    assert_int_equal(r.of.i32, 7);
    /* Growth past the declared maximum fails with -1. */
    assert_true(rt_call(rt_instance_func(inst, "grow"), NULL, 0, &r, 1, &trap));
    assert_int_equal(r.of.i32, UINT32_MAX);
    assert_int_equal(rt_table_grow(t, 2, rt_val_funcref(NULL)), 2);
    assert_int_equal(rt_table_size(t), 4);
    assert_false(rt_table_get(t, 4, &ref));
    world_free(&w);
}

/* ---- linking and instantiation ---------------------------------------------- */

static void register_and_link_errors(void **state)
{
    (void)state;
    world w;
    world_init(&w, NULL);
    rt_instance *a = instantiate(&w,
        "(module (func (export \"f\") (result i32) i32.const 11)"
        "  (memory (export \"m\") 1))");
    assert_true(rt_linker_define_instance(w.linker, "A", a));
    rt_instance *b = instantiate(&w,
        "(module (import \"A\" \"f\" (func $f (result i32)))"
        "  (import \"A\" \"m\" (memory 1))"
        "  (func (export \"g\") (result i32) call $f i32.const 1 i32.add))");
    rt_val r;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(b, "g"), NULL, 0, &r, 1, &trap));
    assert_int_equal(r.of.i32, 12);

    rt_instance *c;
    assert_false(rt_linker_instantiate(w.linker, w.store,
        compile(&w, "(module (import \"A\" \"nope\" (func)))"), &c, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    assert_string_equal(trap.message, "unknown import: A.nope");
    assert_false(rt_linker_instantiate(w.linker, w.store,
        compile(&w, "(module (import \"A\" \"f\" (func (result i64))))"), &c, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    assert_true(strncmp(trap.message, "incompatible import type", 24) == 0);
    assert_false(rt_linker_instantiate(w.linker, w.store,
        compile(&w, "(module (import \"A\" \"m\" (memory 2)))"), &c, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    world_free(&w);
}

static void segments_then_start_in_order(void **state)
{
    (void)state;
    world w;
    world_init(&w, NULL);
    rt_instance *a = instantiate(&w,
        "(module (memory (export \"m\") 1)"
        "  (global (export \"started\") (mut i32) (i32.const 0))"
        "  (func $start i32.const 0 i32.load8_u global.set 0)"
        "  (data (i32.const 0) \"\\05\")"
        "  (start $start))");
    assert_int_equal(rt_global_get(rt_instance_global(a, "started")).of.i32, 5);
    assert_true(rt_linker_define_instance(w.linker, "A", a));
    /* The first data segment is written, the second is out of bounds: the
     * instantiation traps, the write stays, the start function never runs. */
    rt_instance *b;
    rt_trap trap;
    assert_false(rt_linker_instantiate(w.linker, w.store, compile(&w,
        "(module (import \"A\" \"m\" (memory 1))"
        "  (data (i32.const 1) \"\\09\")"
        "  (data (i32.const 65535) \"\\01\\02\")"
        "  (func $s unreachable) (start $s))"), &b, &trap));
    assert_int_equal(trap.kind, RT_TRAP_MEMORY_OOB);
    uint8_t byte;
    assert_true(rt_memory_read(rt_instance_memory(a, "m"), 1, &byte, 1));
    assert_int_equal(byte, 9);
    /* A trapping start function is reported as such. */
    assert_false(rt_linker_instantiate(w.linker, w.store,
        compile(&w, "(module (func $s unreachable) (start $s))"), &b, &trap));
    assert_int_equal(trap.kind, RT_TRAP_UNREACHABLE);
    world_free(&w);
}

static void multiple_memories(void **state)
{
    (void)state;
    world w;
    world_init(&w, NULL);
    rt_instance *inst = instantiate(&w,
        "(module (memory $a 1) (memory $b (export \"b\") 1)"
        "  (data (memory $b) (i32.const 4) \"\\07\")"
        "  (func (export \"run\") (result i32)"
        "    i32.const 0 i32.const 77 i32.store $a"
        "    i32.const 8 i32.const 0 i32.const 4 memory.copy $b $a"
        "    i32.const 8 i32.load $b i32.const 4 i32.load8_u $b i32.add"
        "    i32.const 0 i32.load $a i32.add))");
    rt_val r;
    rt_trap trap;
    assert_true(rt_call(rt_instance_func(inst, "run"), NULL, 0, &r, 1, &trap));
    assert_int_equal(r.of.i32, 77 + 7 + 77);
    uint32_t v;
    assert_true(rt_memory_read(rt_instance_memory(inst, "b"), 8, &v, 4));
    assert_int_equal(v, 77);
    assert_non_null(rt_instance_memory_at(inst, 1));
    assert_null(rt_instance_memory_at(inst, 2));
    world_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(host_functions_are_called_with_the_caller),
        cmocka_unit_test(host_can_reenter_wasm),
        cmocka_unit_test(host_reads_and_writes_memory),
        cmocka_unit_test(globals_and_tables_from_the_host),
        cmocka_unit_test(register_and_link_errors),
        cmocka_unit_test(segments_then_start_in_order),
        cmocka_unit_test(multiple_memories),
    };
    return unit_run("rt_embed", tests);
}
