/* Component-model async in the runtime: streams and futures created and
 * dropped a million times with a handle table that stays small (memory
 * does not grow; LeakSanitizer checks the rest under SAN=1), a stackful
 * async export that yields and resumes, and the callback ABI. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "component_fixture.h"
#include "rt/component.h"

/* churn(n): n times, a stream and a future made and dropped (the future's
 * writer learns of the dropped reader through an async write, as
 * WritableFutureEnd.drop requires); returns the largest handle index seen. */
static const char *churn_wat =
    "(component"
    " (type $S (stream u8)) (type $F (future))"
    " (core func $sn (canon stream.new $S))"
    " (core func $sdr (canon stream.drop-readable $S))"
    " (core func $sdw (canon stream.drop-writable $S))"
    " (core func $fn (canon future.new $F))"
    " (core func $fdr (canon future.drop-readable $F))"
    " (core func $fdw (canon future.drop-writable $F))"
    " (core func $fw (canon future.write $F async))"
    " (core module $M"
    "  (import \"\" \"sn\" (func $sn (result i64)))"
    "  (import \"\" \"sdr\" (func $sdr (param i32)))"
    "  (import \"\" \"sdw\" (func $sdw (param i32)))"
    "  (import \"\" \"fn\" (func $fn (result i64)))"
    "  (import \"\" \"fdr\" (func $fdr (param i32)))"
    "  (import \"\" \"fdw\" (func $fdw (param i32)))"
    "  (import \"\" \"fw\" (func $fw (param i32 i32) (result i32)))"
    "  (func (export \"churn\") (param $n i32) (result i32)"
    "   (local $p i64) (local $r i32) (local $w i32) (local $max i32)"
    "   (block $done (loop $again"
    "    (br_if $done (i32.eqz (local.get $n)))"
    "    (local.set $p (call $sn))"
    "    (local.set $r (i32.wrap_i64 (local.get $p)))"
    "    (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))"
    "    (if (i32.gt_u (local.get $w) (local.get $max)) (then (local.set $max (local.get $w))))"
    "    (call $sdr (local.get $r)) (call $sdw (local.get $w))"
    "    (local.set $p (call $fn))"
    "    (local.set $r (i32.wrap_i64 (local.get $p)))"
    "    (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))"
    "    (call $fdr (local.get $r))"
    "    (if (i32.ne (call $fw (local.get $w) (i32.const 0)) (i32.const 1)) (then unreachable))"
    "    (call $fdw (local.get $w))"
    "    (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
    "    (br $again)))"
    "   (local.get $max)))"
    " (core instance $m (instantiate $M (with \"\" (instance"
    "  (export \"sn\" (func $sn)) (export \"sdr\" (func $sdr)) (export \"sdw\" (func $sdw))"
    "  (export \"fn\" (func $fn)) (export \"fdr\" (func $fdr)) (export \"fdw\" (func $fdw))"
    "  (export \"fw\" (func $fw))))))"
    " (func (export \"churn\") (param \"n\" u32) (result u32) (canon lift (core func $m \"churn\"))))";

static void test_million_streams_and_futures(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, churn_wat);
    fixture_instantiate(&f);
    rt_cval arg = {.kind = RT_CT_U32, .of.u = 1000000}, r;
    if (!fixture_call(&f, "churn", &arg, 1, &r))
        fail_msg("churn trapped: %s", f.trap.message);
    /* Freed handles are reused: two ends live at a time. */
    assert_int_equal(r.kind, RT_CT_U32);
    assert_true(r.of.u <= 2);
    fixture_done(&f);
}

/* A stackful async export that yields (suspending its thread, which the
 * host's event loop resumes) before returning through task.return; and
 * the same with the callback ABI (YIELD, then EXIT). */
static const char *yield_wat =
    "(component"
    " (core func $ret (canon task.return (result u32)))"
    " (core func $yield (canon thread.yield))"
    " (core module $M"
    "  (import \"\" \"ret\" (func $ret (param i32)))"
    "  (import \"\" \"yield\" (func $yield (result i32)))"
    "  (global $n (mut i32) (i32.const 0))"
    "  (func (export \"stackful\") (param $x i32)"
    "   (drop (call $yield)) (drop (call $yield))"
    "   (call $ret (i32.add (local.get $x) (i32.const 1))))"
    "  (func (export \"cb\") (param $x i32) (result i32)"
    "   (global.set $n (local.get $x)) (i32.const 1))"
    "  (func (export \"cb-cb\") (param i32 i32 i32) (result i32)"
    "   (call $ret (i32.mul (global.get $n) (i32.const 2))) (i32.const 0)))"
    " (core instance $m (instantiate $M (with \"\" (instance"
    "  (export \"ret\" (func $ret)) (export \"yield\" (func $yield))))))"
    " (func (export \"stackful\") async (param \"x\" u32) (result u32)"
    "  (canon lift (core func $m \"stackful\") async))"
    " (func (export \"cb\") async (param \"x\" u32) (result u32)"
    "  (canon lift (core func $m \"cb\") async (callback (core func $m \"cb-cb\")))))";

static void test_async_exports_from_the_host(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, yield_wat);
    fixture_instantiate(&f);
    for (uint32_t i = 0; i < 100; i++) {
        rt_cval arg = {.kind = RT_CT_U32, .of.u = i}, r;
        if (!fixture_call(&f, "stackful", &arg, 1, &r))
            fail_msg("stackful trapped: %s", f.trap.message);
        assert_int_equal(r.of.u, i + 1);
        if (!fixture_call(&f, "cb", &arg, 1, &r))
            fail_msg("cb trapped: %s", f.trap.message);
        assert_int_equal(r.of.u, i * 2);
    }
    fixture_done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_million_streams_and_futures),
        cmocka_unit_test(test_async_exports_from_the_host),
    };
    return unit_run("rt_async", tests);
}
