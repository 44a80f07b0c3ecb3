/* Component-model async in the runtime: streams and futures created and
 * dropped a million times, by a guest and by the host, with a handle table
 * that stays small and a heap that does not grow (LeakSanitizer checks the
 * rest under SAN=1), a stackful async export that yields and resumes, and
 * the callback ABI. */
#include "unit.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Bytes the C heap has handed out and not taken back (0 under the
 * sanitizers, whose allocator malloc statistics do not see). */
static size_t heap_in_use(void) { return mallinfo2().uordblks; }

/* n host streams and futures: made (the readable end a value), dropped by
 * both sides. */
static void host_churn(fixture *f, const rt_ctype *st, const rt_ctype *ft, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        rt_cval readable;
        rt_cstream *w = rt_cstream_new(f->store, (i & 1) ? ft : st, &readable, &f->trap);
        if (!w)
            fail_msg("rt_cstream_new: %s", f->trap.message);
        rt_cstore_drop_value(f->store, &readable);
        if (!rt_cstream_drop(w, &f->trap))
            fail_msg("rt_cstream_drop: %s", f->trap.message);
    }
}

static void test_million_streams_and_futures(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, churn_wat);
    fixture_instantiate(&f);
    const rt_ctype *st = rt_ctype_stream(&f.arena, rt_ctype_prim(RT_CT_U8));
    const rt_ctype *ft = rt_ctype_future(&f.arena, NULL);
    assert_non_null(st);
    assert_non_null(ft);
    /* A first round sizes the tables and the allocator's free lists. */
    rt_cval arg = {.kind = RT_CT_U32, .of.u = 1000}, r;
    if (!fixture_call(&f, "churn", &arg, 1, &r))
        fail_msg("churn trapped: %s", f.trap.message);
    host_churn(&f, st, ft, 1000);
    size_t before = heap_in_use();
    arg.of.u = 1000000;
    if (!fixture_call(&f, "churn", &arg, 1, &r))
        fail_msg("churn trapped: %s", f.trap.message);
    /* Freed handles are reused: two ends live at a time. */
    assert_int_equal(r.kind, RT_CT_U32);
    assert_true(r.of.u <= 2);
    host_churn(&f, st, ft, 1000000);
    size_t after = heap_in_use();
    if (after > before + 64 * 1024)
        fail_msg("the heap grew by %zu bytes", after - before);
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

/* ---- the host side: streams both ways, a deferred host function ---------------- */

static const char *host_wat =
    "(component"
    " (type $S (stream u8))"
    " (import \"wait\" (func $wait async (result u32)))"
    " (core module $Mem (memory (export \"mem\") 1))"
    " (core instance $mem (instantiate $Mem))"
    " (alias core export $mem \"mem\" (core memory $m))"
    " (core func $wait' (canon lower (func $wait)))"
    " (core func $sn (canon stream.new $S))"
    " (core func $sr (canon stream.read $S (memory $m)))"
    " (core func $sw (canon stream.write $S (memory $m)))"
    " (core func $sdr (canon stream.drop-readable $S))"
    " (core func $sdw (canon stream.drop-writable $S))"
    " (core func $ret32 (canon task.return (result u32)))"
    " (core func $rets (canon task.return (result $S)))"
    " (core module $M"
    "  (import \"\" \"mem\" (memory 1))"
    "  (import \"\" \"wait\" (func $wait (result i32)))"
    "  (import \"\" \"sn\" (func $sn (result i64)))"
    "  (import \"\" \"sr\" (func $sr (param i32 i32 i32) (result i32)))"
    "  (import \"\" \"sw\" (func $sw (param i32 i32 i32) (result i32)))"
    "  (import \"\" \"sdr\" (func $sdr (param i32)))"
    "  (import \"\" \"sdw\" (func $sdw (param i32)))"
    "  (import \"\" \"ret32\" (func $ret32 (param i32)))"
    "  (import \"\" \"rets\" (func $rets (param i32)))"
    "  (func (export \"sum\") (param $r i32)"
    "   (local $res i32) (local $n i32) (local $i i32) (local $sum i32)"
    "   (block $done (loop $again"
    "    (local.set $res (call $sr (local.get $r) (i32.const 0) (i32.const 100)))"
    "    (local.set $n (i32.shr_u (local.get $res) (i32.const 4)))"
    "    (local.set $i (i32.const 0))"
    "    (block $b (loop $l"
    "     (br_if $b (i32.ge_u (local.get $i) (local.get $n)))"
    "     (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $i))))"
    "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
    "     (br $l)))"
    "    (br_if $again (i32.eqz (i32.and (local.get $res) (i32.const 15))))))"
    "   (call $sdr (local.get $r))"
    "   (call $ret32 (local.get $sum)))"
    "  (func (export \"produce\") (param $n i32)"
    "   (local $p i64) (local $w i32) (local $k i32)"
    "   (local.set $p (call $sn))"
    "   (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))"
    "   (call $rets (i32.wrap_i64 (local.get $p)))"
    "   (block $done (loop $again"
    "    (br_if $done (i32.ge_u (local.get $k) (local.get $n)))"
    "    (i32.store8 (i32.const 0) (local.get $k))"
    "    (drop (call $sw (local.get $w) (i32.const 0) (i32.const 1)))"
    "    (local.set $k (i32.add (local.get $k) (i32.const 1)))"
    "    (br $again)))"
    "   (call $sdw (local.get $w)))"
    "  (func (export \"twice\") (call $ret32 (i32.mul (call $wait) (i32.const 2)))))"
    " (core instance $i (instantiate $M (with \"\" (instance"
    "  (export \"mem\" (memory $m)) (export \"wait\" (func $wait'))"
    "  (export \"sn\" (func $sn)) (export \"sr\" (func $sr)) (export \"sw\" (func $sw))"
    "  (export \"sdr\" (func $sdr)) (export \"sdw\" (func $sdw))"
    "  (export \"ret32\" (func $ret32)) (export \"rets\" (func $rets))))))"
    " (func (export \"sum\") async (param \"s\" $S) (result u32)"
    "  (canon lift (core func $i \"sum\") async (memory $m)))"
    " (func (export \"produce\") async (param \"n\" u32) (result $S)"
    "  (canon lift (core func $i \"produce\") async (memory $m)))"
    " (func (export \"twice\") async (result u32) (canon lift (core func $i \"twice\") async)))";

typedef struct writer {
    rt_cstream *end;
    uint8_t chunk[250];
    uint32_t at;    /* bytes of the current chunk already copied */
    int left;       /* chunks still to write */
    bool failed;
} writer;

/* A copy may take part of the buffer: the rest is written again. */
static void write_next(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    writer *w = user;
    rt_trap trap;
    (void)end;
    if (result != RT_COPY_COMPLETED || count == 0) {
        w->failed = true;
        return;
    }
    w->at += count;
    if (w->at == sizeof w->chunk) {
        w->at = 0;
        if (--w->left == 0) {
            w->failed |= !rt_cstream_drop(w->end, &trap);
            return;
        }
    }
    w->failed |= !rt_cstream_write(w->end, w->chunk + w->at, sizeof w->chunk - w->at,
                                   write_next, w, &trap);
}

typedef struct reader {
    rt_cstream *end;
    uint8_t buf[7];
    uint32_t total, sum;
    bool dropped, failed;
} reader;

static void read_next(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    reader *r = user;
    rt_trap trap;
    (void)end;
    for (uint32_t i = 0; i < count; i++)
        r->sum += r->buf[i];
    r->total += count;
    if (result == RT_COPY_DROPPED) {
        r->dropped = true;
        r->failed |= !rt_cstream_drop(r->end, &trap);
        return;
    }
    r->failed |= !rt_cstream_read(r->end, r->buf, sizeof r->buf, read_next, r, &trap);
}

typedef struct deferred {
    int fds[2];
    rt_chost_task *task;
    bool ok;
} deferred;

static void pipe_ready(void *user, int fd)
{
    deferred *d = user;
    char c;
    rt_trap trap;
    rt_cval r = {.kind = RT_CT_U32, .of.u = 21};
    d->ok = read(fd, &c, 1) == 1 && rt_chost_return(d->task, &r, &trap);
}

static bool host_wait(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,
                      rt_cval *result, rt_trap *trap)
{
    deferred *d = user;
    (void)args, (void)n, (void)result;
    d->task = rt_chost_defer(call);
    if (!d->task || write(d->fds[1], "x", 1) != 1)
        return false;
    return rt_cstore_watch_fd(call->store, d->fds[0], false, pipe_ready, d, trap);
}

static void test_host_streams_and_deferred_calls(void **state)
{
    (void)state;
    fixture f;
    deferred d = {0};
    assert_int_equal(pipe(d.fds), 0);
    fixture_load(&f, host_wat);
    assert_true(rt_clinker_define_func(f.linker, NULL, "wait", NULL, host_wait, &d));
    fixture_instantiate(&f);

    /* host -> guest: 40 writes of 250 bytes (each 1..250), summed by the
     * guest in reads of at most 100 bytes. */
    const rt_ctype *st = rt_ctype_stream(&f.arena, rt_ctype_prim(RT_CT_U8));
    assert_non_null(st);
    writer w = {.left = 40};
    for (int i = 0; i < 250; i++)
        w.chunk[i] = (uint8_t)(i + 1);
    rt_cval readable, r;
    w.end = rt_cstream_new(f.store, st, &readable, &f.trap);
    assert_non_null(w.end);
    assert_true(rt_cstream_write(w.end, w.chunk, sizeof w.chunk, write_next, &w, &f.trap));
    if (!fixture_call(&f, "sum", &readable, 1, &r))
        fail_msg("sum trapped: %s", f.trap.message);
    assert_false(w.failed);
    assert_int_equal(w.left, 0);
    assert_int_equal(r.of.u, 40u * (250u * 251u / 2u));

    /* guest -> host: 1000 one-byte writes read 7 bytes at a time. */
    rt_cval n = {.kind = RT_CT_U32, .of.u = 1000};
    if (!fixture_call(&f, "produce", &n, 1, &r))
        fail_msg("produce trapped: %s", f.trap.message);
    reader rd = {0};
    rd.end = rt_cstream_take(f.store, &r, &f.trap);
    assert_non_null(rd.end);
    assert_true(rt_cstream_read(rd.end, rd.buf, sizeof rd.buf, read_next, &rd, &f.trap));
    if (!rt_cstore_run(f.store, &f.trap))
        fail_msg("run trapped: %s", f.trap.message);
    assert_true(rd.dropped);
    assert_false(rd.failed);
    assert_int_equal(rd.total, 1000);
    uint32_t want = 0;
    for (uint32_t k = 0; k < 1000; k++)
        want += k & 0xff;
    assert_int_equal(rd.sum, want);

    /* A deferred host function finished from a descriptor's readiness. */
    if (!fixture_call(&f, "twice", NULL, 0, &r))
        fail_msg("twice trapped: %s", f.trap.message);
    assert_true(d.ok);
    assert_int_equal(r.of.u, 42);
    close(d.fds[0]);
    close(d.fds[1]);
    fixture_done(&f);
}

/* error-context.new / debug-message / drop: the message is discarded (the
 * deterministic profile), so debug-message gives an empty string. */
static const char *errctx_wat =
    "(component"
    " (core module $Mem (memory (export \"mem\") 1)"
    "  (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 64)))"
    " (core instance $mem (instantiate $Mem))"
    " (alias core export $mem \"mem\" (core memory $m))"
    " (alias core export $mem \"realloc\" (core func $realloc))"
    " (core func $new (canon error-context.new (memory $m)))"
    " (core func $msg (canon error-context.debug-message (memory $m) (realloc $realloc)))"
    " (core func $drop (canon error-context.drop))"
    " (core module $M"
    "  (import \"\" \"mem\" (memory 1))"
    "  (import \"\" \"new\" (func $new (param i32 i32) (result i32)))"
    "  (import \"\" \"msg\" (func $msg (param i32 i32)))"
    "  (import \"\" \"drop\" (func $drop (param i32)))"
    "  (func (export \"run\") (result i32) (local $e i32)"
    "   (i32.store (i32.const 20) (i32.const 99))"
    "   (local.set $e (call $new (i32.const 0) (i32.const 0)))"
    "   (call $msg (local.get $e) (i32.const 16))"
    "   (call $drop (local.get $e))"
    "   (i32.add (i32.mul (local.get $e) (i32.const 1000)) (i32.load (i32.const 20)))))"
    " (core instance $i (instantiate $M (with \"\" (instance (export \"mem\" (memory $m))"
    "  (export \"new\" (func $new)) (export \"msg\" (func $msg)) (export \"drop\" (func $drop))))))"
    " (func (export \"run\") (result u32) (canon lift (core func $i \"run\"))))";

static void test_error_context(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, errctx_wat);
    fixture_instantiate(&f);
    rt_cval r;
    for (int k = 0; k < 3; k++) {
        if (!fixture_call(&f, "run", NULL, 0, &r))
            fail_msg("run trapped: %s", f.trap.message);
        assert_int_equal(r.of.u, 1000); /* handle 1, empty message */
    }
    fixture_done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_million_streams_and_futures),
        cmocka_unit_test(test_async_exports_from_the_host),
        cmocka_unit_test(test_host_streams_and_deferred_calls),
        cmocka_unit_test(test_error_context),
    };
    return unit_run("rt_async", tests);
}
