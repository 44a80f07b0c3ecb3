/* Imports satisfied by another component's instance: checked by full type
 * at instantiation (a whole instance, or one of its exports). */
#include "unit.h"

#include <string.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "rt/component.h"

typedef struct loaded {
    comp_buf bin;
    rt_component *comp;
} loaded;

static void load(loaded *l, const char *wat)
{
    memset(l, 0, sizeof *l);
    comp_error err = {0};
    if (!comp_wat_to_binary(wat, strlen(wat), &l->bin, &err))
        fail_msg("wat: %s", err.message);
    l->comp = rt_component_new(l->bin.data, l->bin.len, COMP_FEATURES_DEFAULT, &err);
    if (!l->comp)
        fail_msg("component: %s", err.message);
}

static void unload(loaded *l)
{
    rt_component_free(l->comp);
    comp_buf_free(&l->bin);
}

/* Exports "add1" (u32 -> u32), an extra function and an instance. */
static const char *provider_wat =
    "(component"
    "  (core module $m"
    "    (func (export \"add1\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))"
    "    (func (export \"nop\")))"
    "  (core instance $i (instantiate $m))"
    "  (func $add1 (param \"x\" u32) (result u32) (canon lift (core func $i \"add1\")))"
    "  (func $nop (canon lift (core func $i \"nop\")))"
    "  (export \"add1\" (func $add1))"
    "  (export \"nop\" (func $nop))"
    "  (instance $inner (export \"nop\" (func $nop)))"
    "  (export \"inner\" (instance $inner)))";

typedef struct world {
    loaded provider;
    rt_cstore *store;
    rt_clinker *linker;
    rt_cinstance *pinst;
} world;

static void world_init(world *w, const char *as, const char *export_name)
{
    load(&w->provider, provider_wat);
    w->store = rt_cstore_new(NULL);
    w->linker = rt_clinker_new();
    assert_non_null(w->store);
    assert_non_null(w->linker);
    rt_trap trap = {0};
    if (!rt_cinstantiate(w->store, NULL, w->provider.comp, &w->pinst, &trap))
        fail_msg("provider: %s", trap.message);
    assert_true(rt_clinker_define_instance(w->linker, as, w->pinst, export_name));
}

static void world_free(world *w)
{
    rt_clinker_free(w->linker);
    rt_cstore_free(w->store);
    unload(&w->provider);
}

/* Instantiates `wat` in the world; on success calls its "run" export with
 * 41 and returns the u32 result through *out. */
static bool link_and_run(world *w, const char *wat, uint64_t *out, rt_trap *trap)
{
    loaded c;
    load(&c, wat);
    rt_cinstance *inst = NULL;
    memset(trap, 0, sizeof *trap);
    bool ok = rt_cinstantiate(w->store, w->linker, c.comp, &inst, trap);
    if (ok) {
        rt_cfunc *f = rt_cinstance_func(inst, "run");
        assert_non_null(f);
        rt_cval arg = {.kind = RT_CT_U32, .of.u = 41}, res = {0};
        comp_arena a;
        comp_arena_init(&a);
        ok = rt_cfunc_call(f, &arg, 1, &res, &a, trap);
        comp_arena_free(&a);
        *out = res.of.u;
    }
    unload(&c);
    return ok;
}

static void test_whole_instance_matching(void **state)
{
    (void)state;
    world w;
    world_init(&w, "p", NULL);
    /* A supertype: fewer exports than the provider has. */
    const char *wat = "(component"
                      "  (import \"p\" (instance $p"
                      "    (export \"add1\" (func (param \"x\" u32) (result u32)))"
                      "    (export \"inner\" (instance (export \"nop\" (func))))))"
                      "  (alias export $p \"add1\" (func $f))"
                      "  (export \"run\" (func $f)))";
    uint64_t r = 0;
    rt_trap trap;
    if (!link_and_run(&w, wat, &r, &trap))
        fail_msg("%s", trap.message);
    assert_int_equal(r, 42);
    world_free(&w);
}

static void test_whole_instance_mismatch(void **state)
{
    (void)state;
    world w;
    world_init(&w, "p", NULL);
    const char *wat = "(component"
                      "  (import \"p\" (instance $p"
                      "    (export \"add1\" (func (param \"x\" u64) (result u32)))))"
                      "  (alias export $p \"add1\" (func $f))"
                      "  (export \"run\" (func $f)))";
    uint64_t r = 0;
    rt_trap trap;
    assert_false(link_and_run(&w, wat, &r, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(trap.message, "`p`"));
    assert_non_null(strstr(trap.message, "add1"));
    assert_non_null(strstr(trap.message, "u64"));
    world_free(&w);
}

static void test_whole_instance_missing_export(void **state)
{
    (void)state;
    world w;
    world_init(&w, "p", NULL);
    const char *wat = "(component"
                      "  (import \"p\" (instance $p"
                      "    (export \"add1\" (func (param \"x\" u32) (result u32)))"
                      "    (export \"sub1\" (func (param \"x\" u32) (result u32)))))"
                      "  (alias export $p \"add1\" (func $f))"
                      "  (export \"run\" (func $f)))";
    uint64_t r = 0;
    rt_trap trap;
    assert_false(link_and_run(&w, wat, &r, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(trap.message, "sub1"));
    world_free(&w);
}

static void test_single_export(void **state)
{
    (void)state;
    world w;
    world_init(&w, "f", "add1");
    uint64_t r = 0;
    rt_trap trap;
    const char *good = "(component (import \"f\" (func $f (param \"x\" u32) (result u32)))"
                       "  (export \"run\" (func $f)))";
    if (!link_and_run(&w, good, &r, &trap))
        fail_msg("%s", trap.message);
    assert_int_equal(r, 42);
    const char *bad = "(component (import \"f\" (func $f (param \"x\" u32) (result u32)))"
                      "  (import \"g\" (func (param \"x\" u32) (result string)))"
                      "  (export \"run\" (func $f)))";
    assert_true(rt_clinker_define_instance(w.linker, "g", w.pinst, "add1"));
    assert_false(link_and_run(&w, bad, &r, &trap));
    assert_int_equal(trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(trap.message, "`g`"));
    assert_non_null(strstr(trap.message, "string"));
    world_free(&w);
}

/* Values (the `value` sort) are not supported: a clear instantiation error. */
static void test_value_import_rejected(void **state)
{
    (void)state;
    world w;
    world_init(&w, "p", NULL);
    const char *wat = "(component (import \"v\" (value $v u32)) (instance (export \"w\" (value $v)))"
                      "  (import \"f\" (func $f (param \"x\" u32) (result u32)))"
                      "  (export \"run\" (func $f)))";
    uint64_t r = 0;
    rt_trap trap;
    assert_false(link_and_run(&w, wat, &r, &trap));
    assert_non_null(strstr(trap.message, "`v`"));
    assert_non_null(strstr(trap.message, "`value` sort"));
    world_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_instance_matching),
        cmocka_unit_test(test_whole_instance_mismatch),
        cmocka_unit_test(test_whole_instance_missing_export),
        cmocka_unit_test(test_single_export),
        cmocka_unit_test(test_value_import_rejected),
    };
    return unit_run("rt_component_link", tests);
}
