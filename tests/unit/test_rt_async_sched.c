/* The scheduler with many waiting threads (runtime/src/async/aready.c):
 * hundreds of stackful tasks blocked on host calls that finish in the
 * reverse order of their start, and callback-lifted tasks that block while
 * holding their instance's exclusive lock, so that the others queue for
 * it and get it in the order they asked; threads left behind when the
 * store is freed. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "component_fixture.h"
#include "rt/component.h"

/* $D.drive(n, k, cb) starts n async calls work(i, k) of $W (stackful, or
 * callback-lifted when cb is 1), joins them to a waitable set and waits
 * until all returned. work calls the host's async tick(i) k times through
 * a synchronous lower; the callback-lifted one holds $W's exclusive lock
 * meanwhile. */
static const char *many_wat =
    "(component"
    " (import \"tick\" (func $tick async (param \"id\" u32)))"
    " (component $W"
    "  (import \"tick\" (func $tick async (param \"id\" u32)))"
    "  (core func $t (canon lower (func $tick)))"
    "  (core func $ret (canon task.return))"
    "  (core module $M"
    "   (import \"\" \"t\" (func $t (param i32)))"
    "   (import \"\" \"ret\" (func $ret))"
    "   (func $work (export \"work\") (param $id i32) (param $k i32)"
    "    (block $done (loop $again"
    "     (br_if $done (i32.eqz (local.get $k)))"
    "     (call $t (local.get $id))"
    "     (local.set $k (i32.sub (local.get $k) (i32.const 1)))"
    "     (br $again)))"
    "    (call $ret))"
    "   (func (export \"work-cb\") (param i32 i32) (result i32)"
    "    (call $work (local.get 0) (local.get 1)) (i32.const 0))"
    "   (func (export \"cb\") (param i32 i32 i32) (result i32) unreachable))"
    "  (core instance $i (instantiate $M (with \"\" (instance"
    "   (export \"t\" (func $t)) (export \"ret\" (func $ret))))))"
    "  (func (export \"work\") async (param \"id\" u32) (param \"k\" u32)"
    "   (canon lift (core func $i \"work\") async))"
    "  (func (export \"work-cb\") async (param \"id\" u32) (param \"k\" u32)"
    "   (canon lift (core func $i \"work-cb\") async (callback (core func $i \"cb\")))))"
    " (instance $w (instantiate $W (with \"tick\" (func $tick))))"
    " (component $D"
    "  (import \"work\" (func $work async (param \"id\" u32) (param \"k\" u32)))"
    "  (import \"work-cb\" (func $work-cb async (param \"id\" u32) (param \"k\" u32)))"
    "  (core module $Mem (memory (export \"mem\") 1))"
    "  (core instance $mem (instantiate $Mem))"
    "  (alias core export $mem \"mem\" (core memory $m))"
    "  (core func $wk (canon lower (func $work) async))"
    "  (core func $wkcb (canon lower (func $work-cb) async))"
    "  (core func $wsn (canon waitable-set.new))"
    "  (core func $wsw (canon waitable-set.wait (memory $m)))"
    "  (core func $wsd (canon waitable-set.drop))"
    "  (core func $join (canon waitable.join))"
    "  (core func $sd (canon subtask.drop))"
    "  (core func $ret (canon task.return))"
    "  (core module $M"
    "   (import \"\" \"mem\" (memory 1))"
    "   (import \"\" \"wk\" (func $wk (param i32 i32) (result i32)))"
    "   (import \"\" \"wkcb\" (func $wkcb (param i32 i32) (result i32)))"
    "   (import \"\" \"wsn\" (func $wsn (result i32)))"
    "   (import \"\" \"wsw\" (func $wsw (param i32 i32) (result i32)))"
    "   (import \"\" \"wsd\" (func $wsd (param i32)))"
    "   (import \"\" \"join\" (func $join (param i32 i32)))"
    "   (import \"\" \"sd\" (func $sd (param i32)))"
    "   (import \"\" \"ret\" (func $ret))"
    "   (func (export \"drive\") (param $n i32) (param $k i32) (param $cb i32)"
    "    (local $set i32) (local $i i32) (local $r i32) (local $left i32)"
    "    (local.set $set (call $wsn))"
    "    (block $started (loop $start"
    "     (br_if $started (i32.ge_u (local.get $i) (local.get $n)))"
    "     (local.set $r (if (result i32) (local.get $cb)"
    "      (then (call $wkcb (local.get $i) (local.get $k)))"
    "      (else (call $wk (local.get $i) (local.get $k)))))"
    "     (if (i32.ne (i32.and (local.get $r) (i32.const 15)) (i32.const 2)) (then"
    "      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (local.get $set))"
    "      (local.set $left (i32.add (local.get $left) (i32.const 1)))))"
    "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
    "     (br $start)))"
    "    (block $done (loop $wait"
    "     (br_if $done (i32.eqz (local.get $left)))"
    "     (if (i32.ne (call $wsw (local.get $set) (i32.const 0)) (i32.const 1)) (then unreachable))"
    "     (if (i32.eq (i32.load (i32.const 4)) (i32.const 2)) (then"
    "      (call $sd (i32.load (i32.const 0)))"
    "      (local.set $left (i32.sub (local.get $left) (i32.const 1)))))"
    "     (br $wait)))"
    "    (call $wsd (local.get $set))"
    "    (call $ret)))"
    "  (core instance $i (instantiate $M (with \"\" (instance"
    "   (export \"mem\" (memory $m)) (export \"wk\" (func $wk)) (export \"wkcb\" (func $wkcb))"
    "   (export \"wsn\" (func $wsn)) (export \"wsw\" (func $wsw)) (export \"wsd\" (func $wsd))"
    "   (export \"join\" (func $join)) (export \"sd\" (func $sd)) (export \"ret\" (func $ret))))))"
    "  (func (export \"drive\") async (param \"n\" u32) (param \"k\" u32) (param \"cb\" u32)"
    "   (canon lift (core func $i \"drive\") async)))"
    " (instance $d (instantiate $D (with \"work\" (func $w \"work\"))"
    "  (with \"work-cb\" (func $w \"work-cb\"))))"
    " (export \"drive\" (func $d \"drive\")))";

enum { MAX_TICKS = 4096 };

/* The host's tick(id): deferred calls on a stack, finished one per turn
 * of the loop (a timer already due), the most recent first; the ids in
 * the order the calls finished. */
typedef struct ticker {
    rt_cstore *store;
    rt_chost_task *stack[MAX_TICKS];
    uint32_t stack_ids[MAX_TICKS];
    uint32_t count;
    uint32_t done[MAX_TICKS];
    uint32_t done_count;
    bool armed, failed;
} ticker;

static void tick_arm(ticker *tk);

static void tick_fire(void *user)
{
    ticker *tk = user;
    rt_trap trap;
    tk->armed = false;
    if (tk->count) {
        tk->count--;
        tk->done[tk->done_count++] = tk->stack_ids[tk->count];
        tk->failed |= !rt_chost_return(tk->stack[tk->count], NULL, &trap);
    }
    tick_arm(tk);
}

static void tick_arm(ticker *tk)
{
    rt_trap trap;
    if (tk->armed || !tk->count)
        return;
    tk->armed = rt_cstore_timer(tk->store, 0, tick_fire, tk, &trap) != NULL;
    tk->failed |= !tk->armed;
}

static bool host_tick(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,
                      rt_cval *result, rt_trap *trap)
{
    ticker *tk = user;
    (void)n, (void)result;
    rt_chost_task *task = rt_chost_defer(call);
    if (!task || tk->count == MAX_TICKS || tk->done_count + tk->count == MAX_TICKS) {
        rt_trap_set(trap, RT_TRAP_HOST, "tick: not async, or too many calls");
        return false;
    }
    tk->stack_ids[tk->count] = (uint32_t)args[0].of.u;
    tk->stack[tk->count++] = task;
    tick_arm(tk);
    return true;
}

static void drive(fixture *f, ticker *tk, uint32_t n, uint32_t k, bool cb)
{
    tk->store = f->store;
    rt_cval args[3] = {{.kind = RT_CT_U32, .of.u = n}, {.kind = RT_CT_U32, .of.u = k},
                       {.kind = RT_CT_U32, .of.u = cb}};
    if (!fixture_call(f, "drive", args, 3, NULL))
        fail_msg("drive trapped: %s", f->trap.message);
    assert_false(tk->failed);
    assert_int_equal(tk->count, 0);
    assert_int_equal(tk->done_count, n * k);
}

/* Stackful tasks: the call that finishes is always the latest, so the
 * thread that may run is the one that blocked last: it runs all its k
 * calls before the one started before it gets its turn. */
static void test_many_stackful_tasks(void **state)
{
    (void)state;
    fixture f;
    ticker *tk = calloc(1, sizeof *tk);
    assert_non_null(tk);
    fixture_load(&f, many_wat);
    assert_true(rt_clinker_define_func(f.linker, NULL, "tick", NULL, host_tick, tk));
    fixture_instantiate(&f);
    const uint32_t n = 300, k = 3;
    drive(&f, tk, n, k, false);
    /* each task blocked once when it started; from then on the last one
     * runs to its end, then the one before it, ... */
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < k; j++)
            assert_int_equal(tk->done[i * k + j], n - 1 - i);
    fixture_done(&f);
    free(tk);
}

/* Callback-lifted tasks block inside core code while holding the lock:
 * the others wait for it (backpressure) and get it in the order they
 * were started; one task's calls finish before the next task's start. */
static void test_callback_tasks_queue_for_the_lock(void **state)
{
    (void)state;
    fixture f;
    ticker *tk = calloc(1, sizeof *tk);
    assert_non_null(tk);
    fixture_load(&f, many_wat);
    assert_true(rt_clinker_define_func(f.linker, NULL, "tick", NULL, host_tick, tk));
    fixture_instantiate(&f);
    const uint32_t n = 200, k = 2;
    drive(&f, tk, n, k, true);
    for (uint32_t i = 0; i < n * k; i++)
        assert_int_equal(tk->done[i], i / k);
    fixture_done(&f);
    free(tk);
}

/* spawn(n) makes n threads (thread.new-indirect) whose entry suspends
 * itself, marks every other one to run later (thread.resume-later), and
 * returns before any of them ran. */
static const char *spawn_wat =
    "(component"
    " (core module $Table (table (export \"t\") 1 funcref))"
    " (core instance $table (instantiate $Table))"
    " (alias core export $table \"t\" (core table $t))"
    " (core type $start (func (param i32)))"
    " (core func $new (canon thread.new-indirect $start (core table $t)))"
    " (core func $later (canon thread.resume-later))"
    " (core func $suspend (canon thread.suspend))"
    " (core func $ret (canon task.return (result u32)))"
    " (core module $M"
    "  (import \"\" \"t\" (table 1 funcref))"
    "  (import \"\" \"new\" (func $new (param i32 i32) (result i32)))"
    "  (import \"\" \"later\" (func $later (param i32)))"
    "  (import \"\" \"suspend\" (func $suspend (result i32)))"
    "  (import \"\" \"ret\" (func $ret (param i32)))"
    "  (func $entry (param i32) (drop (call $suspend)))"
    "  (elem (table 0) (i32.const 0) func $entry)"
    "  (func (export \"spawn\") (param $n i32) (local $i i32) (local $t i32)"
    "   (block $done (loop $again"
    "    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))"
    "    (local.set $t (call $new (i32.const 0) (local.get $i)))"
    "    (if (i32.and (local.get $i) (i32.const 1)) (then (call $later (local.get $t))))"
    "    (local.set $i (i32.add (local.get $i) (i32.const 1)))"
    "    (br $again)))"
    "   (call $ret (local.get $n))))"
    " (core instance $i (instantiate $M (with \"\" (instance (export \"t\" (table $t))"
    "  (export \"new\" (func $new)) (export \"later\" (func $later))"
    "  (export \"suspend\" (func $suspend)) (export \"ret\" (func $ret))))))"
    " (func (export \"spawn\") async (param \"n\" u32) (result u32)"
    "  (canon lift (core func $i \"spawn\") async)))";

/* Threads never started, and threads ready but not yet run, when the
 * store goes: each is woken to unwind ("the store is being freed") and
 * freed with its native thread (LeakSanitizer checks it under SAN=1). */
static void test_threads_left_behind_freed_with_the_store(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, spawn_wat);
    fixture_instantiate(&f);
    rt_cval n = {.kind = RT_CT_U32, .of.u = 200}, r;
    if (!fixture_call(&f, "spawn", &n, 1, &r))
        fail_msg("spawn trapped: %s", f.trap.message);
    assert_int_equal(r.of.u, 200);
    fixture_done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_stackful_tasks),
        cmocka_unit_test(test_callback_tasks_queue_for_the_lock),
        cmocka_unit_test(test_threads_left_behind_freed_with_the_store),
    };
    return unit_run("rt_async_sched", tests);
}
