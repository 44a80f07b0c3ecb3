/* Component instances and the canonical ABI: components written in WAT,
 * instantiated with host functions, called with component values. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "component_fixture.h"
#include "rt/component.h"


static rt_cval str_val(const char *s)
{
    rt_cval v = {.kind = RT_CT_STRING};
    v.of.str = (comp_str){s, (uint32_t)strlen(s)};
    return v;
}

/* A core module with a bump allocator as realloc (shrinking keeps the
 * block; growing copies nothing, which the tests here never need). */
#define ALLOC_MODULE                                                                \
    "(core module $M (memory (export \"mem\") 1) (global $next (mut i32) (i32.const 1024))" \
    "  (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)"     \
    "    (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))" \
    "      (then (return (local.get 0))))"                                            \
    "    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))" \
    "                           (i32.sub (i32.const 0) (local.get 2))))"                 \
    "    (global.set $next (i32.add (local.get $p) (local.get 3))) (local.get $p))"

static const char *strings_wat =
    "(component " ALLOC_MODULE
    "  (func (export \"hello\") (result i32)"
    "    (i32.store (i32.const 0) (i32.const 8)) (i32.store (i32.const 4) (i32.const 2))"
    "    (i32.store16 (i32.const 8) (i32.const 0x6968)) (i32.const 0))"
    "  (func (export \"bad\") (result i32)"
    "    (i32.store (i32.const 0) (i32.const 8)) (i32.store (i32.const 4) (i32.const 1))"
    "    (i32.store8 (i32.const 8) (i32.const 0xff)) (i32.const 0))"
    "  (func (export \"len\") (param i32 i32) (result i32) (local.get 1))"
    "  (func (export \"echo\") (param i32 i32) (result i32)"
    "    (i32.store (i32.const 16) (local.get 0)) (i32.store (i32.const 20) (local.get 1)) (i32.const 16)))"
    " (core instance $m (instantiate $M))"
    " (func (export \"hello\") (result string) (canon lift (core func $m \"hello\") (memory (core memory $m \"mem\"))))"
    " (func (export \"bad\") (result string) (canon lift (core func $m \"bad\") (memory (core memory $m \"mem\"))))"
    " (func (export \"len\") (param \"s\" string) (result u32) (canon lift (core func $m \"len\")"
    "    (memory (core memory $m \"mem\")) (realloc (func $m \"realloc\"))))"
    " (func (export \"echo16\") (param \"s\" string) (result string) (canon lift (core func $m \"echo\")"
    "    string-encoding=utf16 (memory (core memory $m \"mem\")) (realloc (func $m \"realloc\"))))"
    ")";

static void test_string_results_and_params(void **state)
{
    fixture f;
    fixture_load(&f, strings_wat);
    fixture_instantiate(&f);
    rt_cval r;
    assert_true(fixture_call(&f, "hello", NULL, 0, &r));
    assert_int_equal(r.kind, RT_CT_STRING);
    assert_int_equal(r.of.str.len, 2);
    assert_memory_equal(r.of.str.data, "hi", 2);

    rt_cval arg = str_val("h\xc3\xa9llo");
    assert_true(fixture_call(&f, "len", &arg, 1, &r));
    assert_int_equal(r.of.u, 6);

    /* utf16 in and out: "é" and an astral character survive the trip */
    rt_cval s = str_val("a\xc3\xa9\xf0\x9f\x98\x80");
    assert_true(fixture_call(&f, "echo16", &s, 1, &r));
    assert_int_equal(r.of.str.len, s.of.str.len);
    assert_memory_equal(r.of.str.data, s.of.str.data, s.of.str.len);
    fixture_done(&f);
}

static void test_trap_poisons_instance(void **state)
{
    fixture f;
    fixture_load(&f, strings_wat);
    fixture_instantiate(&f);
    rt_cval r;
    assert_false(fixture_call(&f, "bad", NULL, 0, &r));
    assert_string_equal(f.trap.message, "invalid utf-8");
    assert_false(fixture_call(&f, "hello", NULL, 0, &r));
    assert_string_equal(f.trap.message, "cannot enter component instance");
    fixture_done(&f);
}

static void test_bad_args_rejected(void **state)
{
    fixture f;
    fixture_load(&f, strings_wat);
    fixture_instantiate(&f);
    rt_cval r, arg = {.kind = RT_CT_U32};
    assert_false(fixture_call(&f, "len", &arg, 1, &r));
    assert_int_equal(f.trap.kind, RT_TRAP_BAD_ARGS);
    /* the instance is not poisoned by the host's mistake */
    assert_true(fixture_call(&f, "hello", NULL, 0, &r));
    fixture_done(&f);
}

/* ---- host imports ---------------------------------------------------------- */

typedef struct log_state {
    char buf[256];
    size_t len;
} log_state;

static bool host_log(void *user, const rt_chost_call *c, const rt_cval *args, uint32_t n,
                     rt_cval *result, rt_trap *trap)
{
    log_state *s = user;
    assert_int_equal(n, 1);
    memcpy(s->buf + s->len, args[0].of.str.data, args[0].of.str.len);
    s->len += args[0].of.str.len;
    return true;
}

static bool host_add(void *user, const rt_chost_call *c, const rt_cval *args, uint32_t n,
                     rt_cval *result, rt_trap *trap)
{
    result->kind = RT_CT_RECORD;
    result->of.seq.items = comp_arena_array(c->arena, 2, sizeof(rt_cval));
    result->of.seq.count = 2;
    result->of.seq.items[0] = (rt_cval){.kind = RT_CT_U32, .of.u = args[0].of.u + args[1].of.u};
    rt_cval s = str_val("sum");
    result->of.seq.items[1] = s;
    return true;
}

static const char *import_wat =
    "(component"
    " (type $r (record (field \"n\" u32) (field \"s\" string)))"
    " (import \"test:host/api\" (instance $api"
    "   (type $r2 (record (field \"n\" u32) (field \"s\" string)))"
    "   (export \"r\" (type $r3 (eq $r2)))"
    "   (export \"log\" (func (param \"m\" string)))"
    "   (export \"add\" (func (param \"a\" u32) (param \"b\" u32) (result $r3)))))"
    " (alias export $api \"log\" (func $log))"
    " (alias export $api \"add\" (func $add))"
    " " ALLOC_MODULE ")"
    " (core instance $mem (instantiate $M))"
    " (core func $log_l (canon lower (func $log) (memory (core memory $mem \"mem\"))))"
    " (core func $add_l (canon lower (func $add) (memory (core memory $mem \"mem\")) (realloc (func $mem \"realloc\"))))"
    " (core module $C (import \"h\" \"log\" (func $log (param i32 i32)))"
    "   (import \"h\" \"add\" (func $add (param i32 i32 i32)))"
    "   (import \"m\" \"mem\" (memory 1))"
    "   (func (export \"run\") (result i32)"
    "     (i32.store (i32.const 100) (i32.const 0x216948))"
    "     (call $log (i32.const 100) (i32.const 3))"
    "     (call $add (i32.const 40) (i32.const 2) (i32.const 200))"
    "     (i32.load (i32.const 200))))"
    " (core instance $c (instantiate $C (with \"h\" (instance (export \"log\" (func $log_l)) (export \"add\" (func $add_l))))"
    "                                 (with \"m\" (instance $mem))))"
    " (func (export \"run\") (result u32) (canon lift (core func $c \"run\")))"
    ")";

static void test_host_instance_import(void **state)
{
    fixture f;
    fixture_load(&f, import_wat);
    log_state log = {0};
    assert_true(rt_clinker_define_func(f.linker, "test:host/api", "log", NULL, host_log, &log));
    /* a typed definition: checked against the import */
    const rt_ctype *u32 = rt_ctype_prim(RT_CT_U32);
    const char *labels[2] = {"n", "s"};
    const rt_ctype *fields[2] = {u32, rt_ctype_prim(RT_CT_STRING)};
    const rt_ctype *rec = rt_ctype_labeled(&f.arena, RT_CT_RECORD, 2, labels, fields);
    const char *names[2] = {"a", "b"};
    const rt_ctype *params[2] = {u32, u32};
    const rt_cfunctype *add_type = rt_cfunctype_new(&f.arena, 2, names, params, rec);
    assert_non_null(add_type);
    assert_true(rt_clinker_define_func(f.linker, "test:host/api", "add", add_type, host_add, NULL));
    fixture_instantiate(&f);
    rt_cval r;
    assert_true(fixture_call(&f, "run", NULL, 0, &r));
    assert_int_equal(r.of.u, 42);
    assert_int_equal(log.len, 3);
    assert_memory_equal(log.buf, "Hi!", 3);
    fixture_done(&f);
}

static void test_missing_and_mistyped_imports(void **state)
{
    fixture f;
    fixture_load(&f, import_wat);
    assert_true(rt_clinker_define_func(f.linker, "test:host/api", "log", NULL, host_log, NULL));
    assert_false(rt_cinstantiate(f.store, f.linker, f.comp, &f.inst, &f.trap));
    assert_int_equal(f.trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(f.trap.message, "add"));
    const rt_ctype *u32 = rt_ctype_prim(RT_CT_U32);
    const char *names[2] = {"a", "b"};
    const rt_ctype *params[2] = {u32, u32};
    const rt_cfunctype *wrong = rt_cfunctype_new(&f.arena, 2, names, params, u32);
    assert_true(rt_clinker_define_func(f.linker, "test:host/api", "add", wrong, host_add, NULL));
    assert_false(rt_cinstantiate(f.store, f.linker, f.comp, &f.inst, &f.trap));
    assert_int_equal(f.trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(f.trap.message, "incompatible"));
    fixture_done(&f);
}

/* ---- resources ----------------------------------------------------------------- */

static const char *resource_wat =
    "(component"
    " (core module $D (global $g (export \"dropped\") (mut i32) (i32.const 0))"
    "   (func (export \"dtor\") (param i32) (global.set $g (local.get 0))))"
    " (core instance $d (instantiate $D))"
    " (type $R (resource (rep i32) (dtor (func $d \"dtor\"))))"
    " (core func $new (canon resource.new $R))"
    " (core func $rep (canon resource.rep $R))"
    " (core func $drop (canon resource.drop $R))"
    " (core module $M (import \"r\" \"new\" (func $new (param i32) (result i32)))"
    "   (import \"r\" \"rep\" (func $rep (param i32) (result i32)))"
    "   (import \"r\" \"drop\" (func $drop (param i32)))"
    "   (import \"d\" \"dropped\" (global $g (mut i32)))"
    "   (func (export \"make\") (param i32) (result i32) (call $new (local.get 0)))"
    "   (func (export \"get\") (param i32) (result i32) (local.get 0))"
    "   (func (export \"dropped\") (result i32) (global.get $g))"
    "   (func (export \"bad\") (result i32) (call $rep (i32.const 7))))"
    " (core instance $m (instantiate $M (with \"r\" (instance (export \"new\" (func $new))"
    "     (export \"rep\" (func $rep)) (export \"drop\" (func $drop))))"
    "   (with \"d\" (instance $d))))"
    " (export $RE \"r\" (type $R))"
    " (func (export \"make\") (param \"rep\" u32) (result (own $RE)) (canon lift (core func $m \"make\")))"
    " (func (export \"get\") (param \"h\" (borrow $RE)) (result u32) (canon lift (core func $m \"get\")))"
    " (func (export \"dropped\") (result u32) (canon lift (core func $m \"dropped\")))"
    " (func (export \"bad\") (result u32) (canon lift (core func $m \"bad\")))"
    ")";

static void test_resources(void **state)
{
    fixture f;
    fixture_load(&f, resource_wat);
    fixture_instantiate(&f);
    rt_cval arg = {.kind = RT_CT_U32, .of.u = 77}, own, r;
    assert_true(fixture_call(&f, "make", &arg, 1, &own));
    assert_int_equal(own.kind, RT_CT_OWN);
    assert_int_equal(own.of.handle.rep, 77);
    assert_string_equal(rt_resource_type_name(own.of.handle.type), "r");
    /* a borrow into the defining instance arrives as the rep */
    rt_cval b = own;
    b.kind = RT_CT_BORROW;
    assert_true(fixture_call(&f, "get", &b, 1, &r));
    assert_int_equal(r.of.u, 77);
    /* dropping the own handle runs the guest destructor */
    assert_true(rt_cstore_drop_own(f.store, own.of.handle, &f.trap));
    assert_true(fixture_call(&f, "dropped", NULL, 0, &r));
    assert_int_equal(r.of.u, 77);
    /* an unknown handle traps with the spec's wording */
    assert_false(fixture_call(&f, "bad", NULL, 0, &r));
    assert_string_equal(f.trap.message, "unknown handle index 7");
    fixture_done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_results_and_params),
        cmocka_unit_test(test_trap_poisons_instance),
        cmocka_unit_test(test_bad_args_rejected),
        cmocka_unit_test(test_host_instance_import),
        cmocka_unit_test(test_missing_and_mistyped_imports),
        cmocka_unit_test(test_resources),
    };
    return unit_run("rt_component", tests);
}
