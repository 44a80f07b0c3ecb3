/* Cancelling a deferred async host call (rt_chost_on_cancel): the guest's
 * subtask.cancel reaches the host's callback, which finishes the call as
 * cancelled at once or later, or (without a callback) the call finishes
 * with its value anyway; and a call the host never finishes is freed with
 * the store (LeakSanitizer checks it under SAN=1). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "component_fixture.h"
#include "rt/component.h"

/* "run" makes three async calls of the host's `slow` and cancels each:
 *  1. with subtask.cancel (sync): the host cancels inside its callback, so
 *     the state comes back at once: CANCELLED_BEFORE_RETURNED (4);
 *  2. with subtask.cancel async: the host cancels from a timer, so the
 *     result is BLOCKED, then a SUBTASK event with state 4;
 *  3. the same, but the host has no callback and returns 7 from a timer:
 *     state RETURNED (2) and the value at the return pointer.
 * It returns state1 | blocked2 << 4 | state2 << 8 | state3 << 12 |
 * value3 << 16. "forget" starts a call and returns without waiting. */
static const char *cancel_wat =
    "(component"
    " (import \"slow\" (func $slow async (result u32)))"
    " (core module $Mem (memory (export \"mem\") 1))"
    " (core instance $mem (instantiate $Mem))"
    " (alias core export $mem \"mem\" (core memory $m))"
    " (core func $slow' (canon lower (func $slow) async (memory $m)))"
    " (core func $cancel (canon subtask.cancel))"
    " (core func $cancel-async (canon subtask.cancel async))"
    " (core func $drop (canon subtask.drop))"
    " (core func $wsn (canon waitable-set.new))"
    " (core func $wsw (canon waitable-set.wait (memory $m)))"
    " (core func $wsd (canon waitable-set.drop))"
    " (core func $join (canon waitable.join))"
    " (core func $ret (canon task.return (result u32)))"
    " (core module $M"
    "  (import \"\" \"mem\" (memory 1))"
    "  (import \"\" \"slow\" (func $slow (param i32) (result i32)))"
    "  (import \"\" \"cancel\" (func $cancel (param i32) (result i32)))"
    "  (import \"\" \"cancel-async\" (func $cancel-async (param i32) (result i32)))"
    "  (import \"\" \"drop\" (func $drop (param i32)))"
    "  (import \"\" \"wsn\" (func $wsn (result i32)))"
    "  (import \"\" \"wsw\" (func $wsw (param i32 i32) (result i32)))"
    "  (import \"\" \"wsd\" (func $wsd (param i32)))"
    "  (import \"\" \"join\" (func $join (param i32 i32)))"
    "  (import \"\" \"ret\" (func $ret (param i32)))"
    /* starts slow() (which must block: STARTED) and returns its subtask */
    "  (func $start (result i32) (local $r i32)"
    "   (local.set $r (call $slow (i32.const 16)))"
    "   (if (i32.ne (i32.and (local.get $r) (i32.const 15)) (i32.const 1)) (then unreachable))"
    "   (i32.shr_u (local.get $r) (i32.const 4)))"
    /* waits for the SUBTASK event of `st` in `set` and returns its state */
    "  (func $event (param $st i32) (param $set i32) (result i32)"
    "   (call $join (local.get $st) (local.get $set))"
    "   (if (i32.ne (call $wsw (local.get $set) (i32.const 0)) (i32.const 1)) (then unreachable))"
    "   (if (i32.ne (i32.load (i32.const 0)) (local.get $st)) (then unreachable))"
    "   (call $join (local.get $st) (i32.const 0))"
    "   (i32.load (i32.const 4)))"
    "  (func (export \"run\") (local $st i32) (local $out i32) (local $set i32)"
    "   (local.set $set (call $wsn))"
    "   (local.set $st (call $start))"
    "   (local.set $out (call $cancel (local.get $st)))"
    "   (call $drop (local.get $st))"
    "   (local.set $st (call $start))"
    "   (if (i32.eq (call $cancel-async (local.get $st)) (i32.const -1))"
    "    (then (local.set $out (i32.or (local.get $out) (i32.const 0x10)))))"
    "   (local.set $out (i32.or (local.get $out)"
    "    (i32.shl (call $event (local.get $st) (local.get $set)) (i32.const 8))))"
    "   (call $drop (local.get $st))"
    "   (local.set $st (call $start))"
    "   (if (i32.ne (call $cancel-async (local.get $st)) (i32.const -1)) (then unreachable))"
    "   (local.set $out (i32.or (local.get $out)"
    "    (i32.shl (call $event (local.get $st) (local.get $set)) (i32.const 12))))"
    "   (local.set $out (i32.or (local.get $out) (i32.shl (i32.load (i32.const 16)) (i32.const 16))))"
    "   (call $drop (local.get $st))"
    "   (call $wsd (local.get $set))"
    "   (call $ret (local.get $out)))"
    "  (func (export \"forget\") (drop (call $start)) (call $ret (i32.const 1))))"
    " (core instance $i (instantiate $M (with \"\" (instance"
    "  (export \"mem\" (memory $m)) (export \"slow\" (func $slow'))"
    "  (export \"cancel\" (func $cancel)) (export \"cancel-async\" (func $cancel-async))"
    "  (export \"drop\" (func $drop)) (export \"wsn\" (func $wsn)) (export \"wsw\" (func $wsw))"
    "  (export \"wsd\" (func $wsd)) (export \"join\" (func $join)) (export \"ret\" (func $ret))))))"
    " (func (export \"run\") async (result u32) (canon lift (core func $i \"run\") async))"
    " (func (export \"forget\") async (result u32) (canon lift (core func $i \"forget\") async)))";

/* The host's `slow`: what call number `calls` does when cancelled. */
enum { CANCEL_AT_ONCE, CANCEL_LATER, NO_CALLBACK, NEVER_FINISH };

typedef struct slow_host {
    int mode;
    int calls, cancels;
    rt_chost_task *task;
    rt_cstore *store;
    bool refused_early;   /* rt_chost_return_cancelled before any request failed */
    bool requested;       /* NO_CALLBACK: rt_chost_cancel_requested when finishing */
    bool refused_twice;   /* finishing a finished call failed */
    bool failed;
} slow_host;

static void slow_later(void *user)
{
    slow_host *h = user;
    rt_trap trap;
    if (h->mode == CANCEL_LATER) {
        h->failed |= !rt_chost_return_cancelled(h->task, &trap);
        return;
    }
    h->requested = rt_chost_cancel_requested(h->task);
    rt_cval seven = {.kind = RT_CT_U32, .of.u = 7};
    h->failed |= !rt_chost_return(h->task, &seven, &trap);
}

static void slow_cancelled(void *user, rt_chost_task *task)
{
    slow_host *h = user;
    rt_trap trap;
    h->cancels++;
    if (h->mode == CANCEL_AT_ONCE) {
        h->failed |= !rt_chost_return_cancelled(task, &trap);
        h->refused_twice = !rt_chost_return_cancelled(task, &trap);
    } else {
        h->failed |= !rt_cstore_timer(h->store, 0, slow_later, h, &trap);
    }
}

static bool host_slow(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,
                      rt_cval *result, rt_trap *trap)
{
    slow_host *h = user;
    (void)args, (void)n, (void)result;
    h->mode = h->calls++;
    h->store = call->store;
    h->task = rt_chost_defer(call);
    if (!h->task)
        return false;
    if (h->mode == CANCEL_AT_ONCE) {
        rt_trap early;
        h->refused_early = !rt_chost_return_cancelled(h->task, &early) &&
                           strstr(early.message, "not asked to cancel") != NULL;
    }
    if (h->mode == CANCEL_AT_ONCE || h->mode == CANCEL_LATER)
        rt_chost_on_cancel(h->task, slow_cancelled, h);
    /* without a callback the host finishes the call anyway (a later turn
     * of the loop: after the guest asked to cancel it) */
    if (h->mode == NO_CALLBACK && !rt_cstore_timer(call->store, 0, slow_later, h, trap))
        return false;
    return true;
}

static void test_cancel_reaches_the_host(void **state)
{
    (void)state;
    fixture f;
    slow_host h = {0};
    fixture_load(&f, cancel_wat);
    assert_true(rt_clinker_define_func(f.linker, NULL, "slow", NULL, host_slow, &h));
    fixture_instantiate(&f);
    rt_cval r;
    if (!fixture_call(&f, "run", NULL, 0, &r))
        fail_msg("run trapped: %s", f.trap.message);
    assert_false(h.failed);
    assert_true(h.refused_early);
    assert_true(h.refused_twice);
    assert_true(h.requested);
    assert_int_equal(h.calls, 3);
    assert_int_equal(h.cancels, 2); /* the callback runs once per call that has one */
    assert_int_equal(r.of.u, 4u | 1u << 4 | 4u << 8 | 2u << 12 | 7u << 16);
    fixture_done(&f);
}

/* A call the host deferred and never finished, whose caller returned
 * without waiting for it, and a host stream end never dropped: both are
 * the store's to free. */
static void test_unfinished_host_work_freed_with_the_store(void **state)
{
    (void)state;
    fixture f;
    slow_host h = {.calls = NEVER_FINISH};
    fixture_load(&f, cancel_wat);
    assert_true(rt_clinker_define_func(f.linker, NULL, "slow", NULL, host_slow, &h));
    fixture_instantiate(&f);
    rt_cval r, readable;
    if (!fixture_call(&f, "forget", NULL, 0, &r))
        fail_msg("forget trapped: %s", f.trap.message);
    assert_int_equal(r.of.u, 1);
    assert_non_null(h.task);
    assert_false(rt_chost_cancel_requested(h.task));
    const rt_ctype *st = rt_ctype_stream(&f.arena, rt_ctype_prim(RT_CT_U8));
    assert_non_null(st);
    assert_non_null(rt_cstream_new(f.store, st, &readable, &f.trap));
    fixture_done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel_reaches_the_host),
        cmocka_unit_test(test_unfinished_host_work_freed_with_the_store),
    };
    return unit_run("rt_async_cancel", tests);
}
