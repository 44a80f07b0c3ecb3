/* bench_async [MIB] [CALLS] [TASKS] [BLOCKS]: component-model async
 * figures of the runtime.
 *  - stream<u8> throughput between two components: $P's async export
 *    returns a stream and then writes MIB MiB into it in 64 KiB writes;
 *    $C calls it and reads 64 KiB at a time until the writer drops. Both
 *    sides use the synchronous built-ins, so every write waits for
 *    the matching read (a switch between their threads each time), and the
 *    bytes go from one memory to the other in one copy.
 *  - the cost of an async call that blocks once: an async (stackful)
 *    export that calls thread.yield once, called CALLS times from the host.
 *  - many tasks: one guest task starts TASKS stackful subtasks of another
 *    component, each of which calls an async host function BLOCKS times
 *    (blocking its thread each time); the host finishes one call per turn
 *    of the event loop, the most recent first, so the thread that can run
 *    is the one that blocked last while all the others wait. (A first
 *    round, not timed, starts the native threads the timed one reuses.)
 * Timed with CLOCK_MONOTONIC; prints one line per figure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "rt/component.h"

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
/* Processor time of every thread of the process: on a shared machine the
 * figure that waiting for a core does not inflate. */
static double cpu_now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }
/* The part of it spent outside the kernel (the runtime's own work; thread
 * switches are mostly kernel time). */
static double user_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
}

static const char *wat =
    "(component"
    " (component $P"
    "  (type $S (stream u8))"
    "  (core module $Mem (memory (export \"mem\") 2))"
    "  (core instance $mem (instantiate $Mem))"
    "  (alias core export $mem \"mem\" (core memory $m))"
    "  (core func $sn (canon stream.new $S))"
    "  (core func $sw (canon stream.write $S (memory $m)))"
    "  (core func $sdw (canon stream.drop-writable $S))"
    "  (core func $ret (canon task.return (result $S)))"
    "  (core module $M"
    "   (import \"\" \"sn\" (func $sn (result i64)))"
    "   (import \"\" \"sw\" (func $sw (param i32 i32 i32) (result i32)))"
    "   (import \"\" \"sdw\" (func $sdw (param i32)))"
    "   (import \"\" \"ret\" (func $ret (param i32)))"
    "   (func (export \"produce\") (param $n i32)"
    "    (local $p i64) (local $w i32)"
    "    (local.set $p (call $sn))"
    "    (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))"
    "    (call $ret (i32.wrap_i64 (local.get $p)))"
    "    (block $done (loop $again"
    "     (br_if $done (i32.eqz (local.get $n)))"
    "     (if (i32.ne (call $sw (local.get $w) (i32.const 0) (i32.const 65536))"
    "                 (i32.const 0x100000)) (then unreachable))"
    "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
    "     (br $again)))"
    "    (call $sdw (local.get $w))))"
    "  (core instance $i (instantiate $M (with \"\" (instance"
    "   (export \"sn\" (func $sn)) (export \"sw\" (func $sw)) (export \"sdw\" (func $sdw))"
    "   (export \"ret\" (func $ret))))))"
    "  (func (export \"produce\") async (param \"n\" u32) (result $S)"
    "   (canon lift (core func $i \"produce\") async)))"
    " (instance $p (instantiate $P))"
    " (alias export $p \"produce\" (func $produce))"
    " (component $C"
    "  (type $S (stream u8))"
    "  (import \"produce\" (func $produce async (param \"n\" u32) (result $S)))"
    "  (core module $Mem (memory (export \"mem\") 2))"
    "  (core instance $mem (instantiate $Mem))"
    "  (alias core export $mem \"mem\" (core memory $m))"
    "  (core func $pr (canon lower (func $produce)))"
    "  (core func $sr (canon stream.read $S (memory $m)))"
    "  (core func $sdr (canon stream.drop-readable $S))"
    "  (core func $ret (canon task.return (result u64)))"
    "  (core func $yield (canon thread.yield))"
    "  (core module $M"
    "   (import \"\" \"pr\" (func $pr (param i32) (result i32)))"
    "   (import \"\" \"sr\" (func $sr (param i32 i32 i32) (result i32)))"
    "   (import \"\" \"sdr\" (func $sdr (param i32)))"
    "   (import \"\" \"ret\" (func $ret (param i64)))"
    "   (import \"\" \"yield\" (func $yield (result i32)))"
    "   (func (export \"consume\") (param $n i32)"
    "    (local $r i32) (local $res i32) (local $total i64)"
    "    (local.set $r (call $pr (local.get $n)))"
    "    (block $done (loop $again"
    "     (local.set $res (call $sr (local.get $r) (i32.const 0) (i32.const 65536)))"
    "     (local.set $total (i64.add (local.get $total)"
    "      (i64.extend_i32_u (i32.shr_u (local.get $res) (i32.const 4)))))"
    "     (br_if $again (i32.eqz (i32.and (local.get $res) (i32.const 15))))))"
    "    (call $sdr (local.get $r))"
    "    (call $ret (local.get $total)))"
    "   (func (export \"yield-once\")"
    "    (drop (call $yield)) (call $ret (i64.const 1))))"
    "  (core instance $i (instantiate $M (with \"\" (instance"
    "   (export \"pr\" (func $pr)) (export \"sr\" (func $sr)) (export \"sdr\" (func $sdr))"
    "   (export \"ret\" (func $ret)) (export \"yield\" (func $yield))))))"
    "  (func (export \"consume\") async (param \"n\" u32) (result u64)"
    "   (canon lift (core func $i \"consume\") async))"
    "  (func (export \"yield-once\") async (result u64)"
    "   (canon lift (core func $i \"yield-once\") async)))"
    " (instance $c (instantiate $C (with \"produce\" (func $produce))))"
    " (export \"consume\" (func $c \"consume\"))"
    " (export \"yield-once\" (func $c \"yield-once\"))"
    " (export \"produce\" (func $produce)))";

/* The host's side of guest -> host: 64 KiB reads until the writer drops. */
typedef struct host_reader {
    rt_cstream *end;
    uint8_t *buf;
    uint64_t total;
    bool failed;
} host_reader;

static void read_more(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    host_reader *h = user;
    rt_trap trap;
    (void)end;
    h->total += count;
    if (result == RT_COPY_DROPPED) {
        h->failed |= !rt_cstream_drop(h->end, &trap);
        return;
    }
    h->failed |= !rt_cstream_read(h->end, h->buf, 65536, read_more, h, &trap);
}

/* Many tasks: $D.drive(n, k) starts n calls of $W.work(k) (async lowered,
 * each a stackful task on its own thread), joins them to one waitable set
 * and waits until every one returned; work calls the host's async `tick`
 * k times through a synchronous lower, blocking its thread each time. */
static const char *many_wat =
    "(component"
    " (import \"tick\" (func $tick async))"
    " (component $W"
    "  (import \"tick\" (func $tick async))"
    "  (core func $t (canon lower (func $tick)))"
    "  (core func $ret (canon task.return))"
    "  (core module $M"
    "   (import \"\" \"t\" (func $t))"
    "   (import \"\" \"ret\" (func $ret))"
    "   (func (export \"work\") (param $k i32)"
    "    (block $done (loop $again"
    "     (br_if $done (i32.eqz (local.get $k)))"
    "     (call $t)"
    "     (local.set $k (i32.sub (local.get $k) (i32.const 1)))"
    "     (br $again)))"
    "    (call $ret)))"
    "  (core instance $i (instantiate $M (with \"\" (instance"
    "   (export \"t\" (func $t)) (export \"ret\" (func $ret))))))"
    "  (func (export \"work\") async (param \"k\" u32) (canon lift (core func $i \"work\") async)))"
    " (instance $w (instantiate $W (with \"tick\" (func $tick))))"
    " (component $D"
    "  (import \"work\" (func $work async (param \"k\" u32)))"
    "  (core module $Mem (memory (export \"mem\") 1))"
    "  (core instance $mem (instantiate $Mem))"
    "  (alias core export $mem \"mem\" (core memory $m))"
    "  (core func $wk (canon lower (func $work) async))"
    "  (core func $wsn (canon waitable-set.new))"
    "  (core func $wsw (canon waitable-set.wait (memory $m)))"
    "  (core func $wsd (canon waitable-set.drop))"
    "  (core func $join (canon waitable.join))"
    "  (core func $sd (canon subtask.drop))"
    "  (core func $ret (canon task.return))"
    "  (core module $M"
    "   (import \"\" \"mem\" (memory 1))"
    "   (import \"\" \"wk\" (func $wk (param i32) (result i32)))"
    "   (import \"\" \"wsn\" (func $wsn (result i32)))"
    "   (import \"\" \"wsw\" (func $wsw (param i32 i32) (result i32)))"
    "   (import \"\" \"wsd\" (func $wsd (param i32)))"
    "   (import \"\" \"join\" (func $join (param i32 i32)))"
    "   (import \"\" \"sd\" (func $sd (param i32)))"
    "   (import \"\" \"ret\" (func $ret))"
    "   (func (export \"drive\") (param $n i32) (param $k i32)"
    "    (local $set i32) (local $r i32) (local $left i32)"
    "    (local.set $set (call $wsn))"
    "    (block $started (loop $start"
    "     (br_if $started (i32.eqz (local.get $n)))"
    "     (local.set $r (call $wk (local.get $k)))"
    "     (if (i32.ne (i32.and (local.get $r) (i32.const 15)) (i32.const 2)) (then"
    "      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (local.get $set))"
    "      (local.set $left (i32.add (local.get $left) (i32.const 1)))))"
    "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
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
    "   (export \"mem\" (memory $m)) (export \"wk\" (func $wk)) (export \"wsn\" (func $wsn))"
    "   (export \"wsw\" (func $wsw)) (export \"wsd\" (func $wsd)) (export \"join\" (func $join))"
    "   (export \"sd\" (func $sd)) (export \"ret\" (func $ret))))))"
    "  (func (export \"drive\") async (param \"n\" u32) (param \"k\" u32)"
    "   (canon lift (core func $i \"drive\") async)))"
    " (instance $d (instantiate $D (with \"work\" (func $w \"work\"))))"
    " (export \"drive\" (func $d \"drive\")))";

/* The host's `tick`: deferred calls on a stack, finished one per turn of
 * the loop (a timer already due), the most recent first. */
typedef struct ticker {
    rt_cstore *store;
    rt_chost_task **stack;
    uint32_t count, cap;
    bool armed, failed;
    uint64_t ticks;
} ticker;

static void tick_arm(ticker *tk);

static void tick_fire(void *user)
{
    ticker *tk = user;
    rt_trap trap;
    tk->armed = false;
    if (tk->count) {
        tk->failed |= !rt_chost_return(tk->stack[--tk->count], NULL, &trap);
        tk->ticks++;
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
    (void)args, (void)n, (void)result;
    rt_chost_task *task = rt_chost_defer(call);
    rt_chost_task **stack = comp_heap_reserve(tk->stack, &tk->cap, (uint64_t)tk->count + 1,
                                              sizeof *stack);
    if (!task || !stack) {
        rt_trap_set(trap, RT_TRAP_HOST, "tick: not async or out of memory");
        return false;
    }
    tk->stack = stack;
    tk->stack[tk->count++] = task;
    tick_arm(tk);
    return true;
}

static int many_tasks(uint32_t tasks, uint32_t blocks)
{
    comp_buf bin = {0};
    comp_error err = {0};
    if (!comp_wat_to_binary(many_wat, strlen(many_wat), &bin, &err)) {
        fprintf(stderr, "bench_async: many tasks: wat: %s\n", err.message);
        return 1;
    }
    rt_component *comp = rt_component_new(bin.data, bin.len, COMP_FEATURES_DEFAULT, &err);
    rt_cstore *store = rt_cstore_new(NULL);
    rt_clinker *linker = rt_clinker_new();
    ticker tk = {.store = store};
    rt_cinstance *inst = NULL;
    rt_trap trap = {0};
    int rc = 1;
    if (!comp || !store || !linker ||
        !rt_clinker_define_func(linker, NULL, "tick", NULL, host_tick, &tk) ||
        !rt_cinstantiate(store, linker, comp, &inst, &trap)) {
        fprintf(stderr, "bench_async: many tasks: %s\n",
                !comp ? err.message : inst || !store || !linker ? "out of memory" : trap.message);
        goto done;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    /* A first round (one block each) makes the native threads, which the
     * timed round reuses. */
    rt_cfunc *drive = rt_cinstance_func(inst, "drive");
    rt_cval args[2] = {{.kind = RT_CT_U32, .of.u = tasks}, {.kind = RT_CT_U32, .of.u = 1}};
    bool ok = rt_cfunc_call(drive, args, 2, NULL, &arena, &trap);
    tk.ticks = 0;
    args[1].of.u = blocks;
    double t0 = now(), c0 = cpu_now(), u0 = user_now();
    ok = ok && rt_cfunc_call(drive, args, 2, NULL, &arena, &trap);
    double dt = now() - t0, dc = cpu_now() - c0, du = user_now() - u0;
    comp_arena_free(&arena);
    if (!ok || tk.failed || tk.ticks != (uint64_t)tasks * blocks) {
        fprintf(stderr, "bench_async: many tasks: %s\n", ok ? "host tick failed" : trap.message);
        goto done;
    }
    printf("many tasks: %u stackful tasks blocking %u times each (latest first): %.2f us per "
           "block and resume (processor time %.2f us, %.2f us of it outside the kernel)\n",
           tasks, blocks, dt / (double)tk.ticks * 1e6, dc / (double)tk.ticks * 1e6,
           du / (double)tk.ticks * 1e6);
    rc = 0;
done:
    rt_cstore_free(store);
    rt_clinker_free(linker);
    rt_component_free(comp);
    free(tk.stack);
    comp_buf_free(&bin);
    return rc;
}

int main(int argc, char **argv)
{
    uint32_t mib = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1024;
    uint32_t calls = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 20000;
    uint32_t tasks = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 2000;
    uint32_t blocks = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 20;
    comp_buf bin = {0};
    comp_error err = {0};
    if (!comp_wat_to_binary(wat, strlen(wat), &bin, &err)) {
        fprintf(stderr, "bench_async: wat: %s\n", err.message);
        return 1;
    }
    rt_component *comp = rt_component_new(bin.data, bin.len, COMP_FEATURES_DEFAULT, &err);
    if (!comp) {
        fprintf(stderr, "bench_async: component: %s\n", err.message);
        return 1;
    }
    rt_cstore *store = rt_cstore_new(NULL);
    rt_cinstance *inst;
    rt_trap trap;
    if (!store || !rt_cinstantiate(store, NULL, comp, &inst, &trap)) {
        fprintf(stderr, "bench_async: instantiate: %s\n", store ? trap.message : "no memory");
        return 1;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    int rc = 0;

    rt_cval arg = {.kind = RT_CT_U32, .of.u = mib * 16}, r;
    double t0 = now();
    if (!rt_cfunc_call(rt_cinstance_func(inst, "consume"), &arg, 1, &r, &arena, &trap)) {
        fprintf(stderr, "bench_async: consume: %s\n", trap.message);
        rc = 1;
    } else {
        double dt = now() - t0;
        printf("stream<u8> component to component, 64 KiB writes: %u MiB in %.3f s = %.2f GB/s "
               "(%llu bytes read)\n",
               mib, dt, (double)mib * 1048576.0 / dt / 1e9, (unsigned long long)r.of.u);
    }

    /* guest -> host */
    host_reader h = {.buf = malloc(65536)};
    t0 = now();
    if (rc == 0 && h.buf &&
        rt_cfunc_call(rt_cinstance_func(inst, "produce"), &arg, 1, &r, &arena, &trap) &&
        (h.end = rt_cstream_take(store, &r, &trap)) &&
        rt_cstream_read(h.end, h.buf, 65536, read_more, &h, &trap) && rt_cstore_run(store, &trap) &&
        !h.failed) {
        double dt = now() - t0;
        printf("stream<u8> guest to host, 64 KiB writes and reads: %u MiB in %.3f s = %.2f GB/s "
               "(%llu bytes read)\n",
               mib, dt, (double)mib * 1048576.0 / dt / 1e9, (unsigned long long)h.total);
    } else if (rc == 0) {
        fprintf(stderr, "bench_async: guest to host: %s\n", h.buf ? trap.message : "no memory");
        rc = 1;
    }
    free(h.buf);

    rt_cfunc *y = rt_cinstance_func(inst, "yield-once");
    t0 = now();
    for (uint32_t i = 0; rc == 0 && i < calls; i++) {
        if (!rt_cfunc_call(y, NULL, 0, &r, &arena, &trap)) {
            fprintf(stderr, "bench_async: yield-once: %s\n", trap.message);
            rc = 1;
        }
    }
    if (rc == 0) {
        double dt = now() - t0;
        printf("async call that blocks once and resumes (host -> stackful export): %.2f us "
               "per call (%u calls)\n",
               dt / calls * 1e6, calls);
    }
    comp_arena_free(&arena);
    rt_cstore_free(store);
    rt_component_free(comp);
    comp_buf_free(&bin);
    if (rc == 0 && tasks)
        rc = many_tasks(tasks, blocks);
    return rc;
}
