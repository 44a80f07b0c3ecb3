/* bench_async [MIB] [CALLS]: component-model async figures of the runtime.
 *  - stream<u8> throughput between two components: $P's async export
 *    returns a stream and then writes MIB MiB into it in 64 KiB writes;
 *    $C calls it and reads 64 KiB at a time until the writer drops. Both
 *    sides use the synchronous stream built-ins, so every write waits for
 *    the matching read (a switch between their threads each time), and the
 *    bytes go from one memory to the other in one copy.
 *  - the cost of an async call that blocks once: an async (stackful)
 *    export that calls thread.yield once, called CALLS times from the host.
 * Timed with CLOCK_MONOTONIC; prints one line per figure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "rt/component.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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

int main(int argc, char **argv)
{
    uint32_t mib = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1024;
    uint32_t calls = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 20000;
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
    return rc;
}
