/* The host side of component-model async (rt/component.h): host streams
 * of strings and records (lowered into the reading guest's memory through
 * its realloc, lifted from a writing guest into host values), timers in
 * the event loop, several watches per file descriptor, and the `async`
 * check between a host function's type and the import it satisfies. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "component_fixture.h"
#include "rt/component.h"

/* stream<string> and stream<entry> (a record like wasi:filesystem's
 * directory-entry) both ways. "strings" reads 3 strings at a time and
 * returns count << 20 | sum of their bytes; "entries" reads entries two at
 * a time and returns the sum of name lengths * 1000 + sizes; "names"
 * writes n strings "hello"[0 .. k % 6] and ends the stream. */
static const char *values_wat =
    "(component"
    " (type $S (stream string))"
    " (type $entry' (record (field \"name\" string) (field \"size\" u64)))"
    " (export $entry \"entry\" (type $entry'))"
    " (type $E (stream $entry))"
    " (core module $Mem (memory (export \"mem\") 1)"
    "  (global $bump (mut i32) (i32.const 4096))"
    "  (func (export \"realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)"
    "   (local.set $p (global.get $bump))"
    "   (global.set $bump (i32.add (global.get $bump) (local.get 3)))"
    "   (local.get $p))"
    "  (data (i32.const 100) \"hello\"))"
    " (core instance $mem (instantiate $Mem))"
    " (alias core export $mem \"mem\" (core memory $m))"
    " (alias core export $mem \"realloc\" (core func $realloc))"
    " (core func $sr (canon stream.read $S (memory $m) (realloc $realloc)))"
    " (core func $er (canon stream.read $E (memory $m) (realloc $realloc)))"
    " (core func $sn (canon stream.new $S))"
    " (core func $sw (canon stream.write $S (memory $m)))"
    " (core func $sdr (canon stream.drop-readable $S))"
    " (core func $edr (canon stream.drop-readable $E))"
    " (core func $sdw (canon stream.drop-writable $S))"
    " (core func $ret32 (canon task.return (result u32)))"
    " (core func $rets (canon task.return (result $S)))"
    " (core module $M"
    "  (import \"\" \"mem\" (memory 1))"
    "  (import \"\" \"sr\" (func $sr (param i32 i32 i32) (result i32)))"
    "  (import \"\" \"er\" (func $er (param i32 i32 i32) (result i32)))"
    "  (import \"\" \"sn\" (func $sn (result i64)))"
    "  (import \"\" \"sw\" (func $sw (param i32 i32 i32) (result i32)))"
    "  (import \"\" \"sdr\" (func $sdr (param i32)))"
    "  (import \"\" \"edr\" (func $edr (param i32)))"
    "  (import \"\" \"sdw\" (func $sdw (param i32)))"
    "  (import \"\" \"ret32\" (func $ret32 (param i32)))"
    "  (import \"\" \"rets\" (func $rets (param i32)))"
    "  (func $bytes (param $p i32) (param $n i32) (result i32) (local $s i32)"
    "   (block $b (loop $l (br_if $b (i32.eqz (local.get $n)))"
    "    (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))"
    "    (local.set $p (i32.add (local.get $p) (i32.const 1)))"
    "    (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br $l)))"
    "   (local.get $s))"
    "  (func (export \"strings\") (param $r i32)"
    "   (local $res i32) (local $n i32) (local $i i32) (local $count i32) (local $sum i32)"
    "   (block $done (loop $again"
    "    (local.set $res (call $sr (local.get $r) (i32.const 0) (i32.const 3)))"
    "    (local.set $n (i32.shr_u (local.get $res) (i32.const 4)))"
    "    (local.set $count (i32.add (local.get $count) (local.get $n)))"
    "    (local.set $i (i32.const 0))"
    "    (block $b (loop $l (br_if $b (i32.ge_u (local.get $i) (local.get $n)))"
    "     (local.set $sum (i32.add (local.get $sum) (call $bytes"
    "      (i32.load (i32.mul (local.get $i) (i32.const 8)))"
    "      (i32.load offset=4 (i32.mul (local.get $i) (i32.const 8))))))"
    "     (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))"
    "    (br_if $again (i32.eqz (i32.and (local.get $res) (i32.const 15))))))"
    "   (call $sdr (local.get $r))"
    "   (call $ret32 (i32.or (i32.shl (local.get $count) (i32.const 20)) (local.get $sum))))"
    "  (func (export \"entries\") (param $r i32)"
    "   (local $res i32) (local $n i32) (local $i i32) (local $sum i32)"
    "   (block $done (loop $again"
    "    (local.set $res (call $er (local.get $r) (i32.const 0) (i32.const 2)))"
    "    (local.set $n (i32.shr_u (local.get $res) (i32.const 4)))"
    "    (local.set $i (i32.const 0))"
    "    (block $b (loop $l (br_if $b (i32.ge_u (local.get $i) (local.get $n)))"
    "     (local.set $sum (i32.add (local.get $sum) (i32.add"
    "      (i32.mul (i32.load offset=4 (i32.mul (local.get $i) (i32.const 16))) (i32.const 1000))"
    "      (i32.wrap_i64 (i64.load offset=8 (i32.mul (local.get $i) (i32.const 16)))))))"
    "     (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))"
    "    (br_if $again (i32.eqz (i32.and (local.get $res) (i32.const 15))))))"
    "   (call $edr (local.get $r))"
    "   (call $ret32 (local.get $sum)))"
    "  (func (export \"names\") (param $n i32) (local $p i64) (local $w i32) (local $k i32)"
    "   (local.set $p (call $sn))"
    "   (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))"
    "   (call $rets (i32.wrap_i64 (local.get $p)))"
    "   (block $done (loop $again (br_if $done (i32.ge_u (local.get $k) (local.get $n)))"
    "    (i32.store (i32.const 200) (i32.const 100))"
    "    (i32.store (i32.const 204) (i32.rem_u (local.get $k) (i32.const 6)))"
    "    (drop (call $sw (local.get $w) (i32.const 200) (i32.const 1)))"
    "    (local.set $k (i32.add (local.get $k) (i32.const 1))) (br $again)))"
    "   (call $sdw (local.get $w))))"
    " (core instance $i (instantiate $M (with \"\" (instance"
    "  (export \"mem\" (memory $m)) (export \"sr\" (func $sr)) (export \"er\" (func $er))"
    "  (export \"sn\" (func $sn)) (export \"sw\" (func $sw)) (export \"sdr\" (func $sdr))"
    "  (export \"edr\" (func $edr)) (export \"sdw\" (func $sdw))"
    "  (export \"ret32\" (func $ret32)) (export \"rets\" (func $rets))))))"
    " (func (export \"strings\") async (param \"s\" $S) (result u32)"
    "  (canon lift (core func $i \"strings\") async (memory $m)))"
    " (func (export \"entries\") async (param \"s\" $E) (result u32)"
    "  (canon lift (core func $i \"entries\") async (memory $m)))"
    " (func (export \"names\") async (param \"n\" u32) (result $S)"
    "  (canon lift (core func $i \"names\") async (memory $m))))";

/* Writes `values` until all are taken (each copy may take part of them). */
typedef struct vwriter {
    rt_cstream *end;
    const rt_cval *values;
    uint32_t count, at;
    bool failed;
} vwriter;

static void vwrite_next(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    vwriter *w = user;
    rt_trap trap;
    (void)end;
    if (result != RT_COPY_COMPLETED) {
        w->failed = true;
        return;
    }
    w->at += count;
    if (w->at == w->count)
        w->failed |= !rt_cstream_drop(w->end, &trap);
    else
        w->failed |= !rt_cstream_write_values(w->end, w->values + w->at, w->count - w->at,
                                              vwrite_next, w, &trap);
}

static rt_cval str_val(const char *s)
{
    rt_cval v = {.kind = RT_CT_STRING};
    v.of.str.data = s;
    v.of.str.len = strlen(s);
    return v;
}

static void test_host_writes_strings_and_records(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, values_wat);
    fixture_instantiate(&f);

    static const char *words[] = {"a", "", "hello", "wörld", "zz", "component", "x"};
    enum { N = sizeof words / sizeof *words };
    rt_cval values[N];
    uint32_t want_sum = 0;
    for (uint32_t i = 0; i < N; i++) {
        values[i] = str_val(words[i]);
        for (const char *p = words[i]; *p; p++)
            want_sum += (uint8_t)*p;
    }
    const rt_ctype *st = rt_ctype_stream(&f.arena, rt_ctype_prim(RT_CT_STRING));
    rt_cval readable, r;
    vwriter w = {.values = values, .count = N};
    w.end = rt_cstream_new(f.store, st, &readable, &f.trap);
    assert_non_null(w.end);
    /* A byte buffer cannot carry strings. */
    assert_false(rt_cstream_write(w.end, "x", 1, vwrite_next, &w, &f.trap));
    assert_true(rt_cstream_write_values(w.end, values, N, vwrite_next, &w, &f.trap));
    if (!fixture_call(&f, "strings", &readable, 1, &r))
        fail_msg("strings trapped: %s", f.trap.message);
    assert_false(w.failed);
    assert_int_equal(w.at, N);
    assert_int_equal(r.of.u, (uint32_t)N << 20 | want_sum);

    /* Records: name and size, as read-directory hands them out. */
    const char *labels[] = {"name", "size"};
    const rt_ctype *fields[] = {rt_ctype_prim(RT_CT_STRING), rt_ctype_prim(RT_CT_U64)};
    const rt_ctype *entry = rt_ctype_labeled(&f.arena, RT_CT_RECORD, 2, labels, fields);
    const rt_ctype *et = rt_ctype_stream(&f.arena, entry);
    assert_non_null(et);
    rt_cval items[5][2], entries[5];
    uint32_t want = 0;
    for (uint32_t i = 0; i < 5; i++) {
        items[i][0] = str_val(words[i + 2]);
        items[i][1] = (rt_cval){.kind = RT_CT_U64, .of.u = 7 * i};
        entries[i] = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {items[i], 2}};
        want += (uint32_t)strlen(words[i + 2]) * 1000 + 7 * i;
    }
    vwriter ew = {.values = entries, .count = 5};
    ew.end = rt_cstream_new(f.store, et, &readable, &f.trap);
    assert_non_null(ew.end);
    /* Values are checked against the element type before anything moves. */
    rt_cval bad = str_val("not a record");
    assert_false(rt_cstream_write_values(ew.end, &bad, 1, vwrite_next, &ew, &f.trap));
    assert_true(rt_cstream_write_values(ew.end, entries, 5, vwrite_next, &ew, &f.trap));
    if (!fixture_call(&f, "entries", &readable, 1, &r))
        fail_msg("entries trapped: %s", f.trap.message);
    assert_false(ew.failed);
    assert_int_equal(r.of.u, want);
    fixture_done(&f);
}

typedef struct vreader {
    rt_cstream *end;
    comp_arena *arena;
    rt_cval buf[4];
    char seen[4096];
    uint32_t total, len;
    bool dropped, failed;
} vreader;

static void vread_next(void *user, rt_cstream *end, uint32_t result, uint32_t count)
{
    vreader *r = user;
    rt_trap trap;
    (void)end;
    for (uint32_t i = 0; i < count; i++) {
        if (r->buf[i].kind != RT_CT_STRING || r->len + r->buf[i].of.str.len + 1 > sizeof r->seen) {
            r->failed = true;
            return;
        }
        memcpy(r->seen + r->len, r->buf[i].of.str.data, r->buf[i].of.str.len);
        r->len += (uint32_t)r->buf[i].of.str.len;
        r->seen[r->len++] = ',';
    }
    r->total += count;
    if (result == RT_COPY_DROPPED) {
        r->dropped = true;
        r->failed |= !rt_cstream_drop(r->end, &trap);
        return;
    }
    r->failed |= !rt_cstream_read_values(r->end, r->buf, 4, r->arena, vread_next, r, &trap);
}

static void test_host_reads_strings(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, values_wat);
    fixture_instantiate(&f);
    rt_cval n = {.kind = RT_CT_U32, .of.u = 9}, r;
    if (!fixture_call(&f, "names", &n, 1, &r))
        fail_msg("names trapped: %s", f.trap.message);
    vreader rd = {.arena = &f.arena};
    rd.end = rt_cstream_take(f.store, &r, &f.trap);
    assert_non_null(rd.end);
    assert_true(rt_cstream_read_values(rd.end, rd.buf, 4, rd.arena, vread_next, &rd, &f.trap));
    if (!rt_cstore_run(f.store, &f.trap))
        fail_msg("run trapped: %s", f.trap.message);
    assert_false(rd.failed);
    assert_true(rd.dropped);
    assert_int_equal(rd.total, 9);
    rd.seen[rd.len] = 0;
    assert_string_equal(rd.seen, ",h,he,hel,hell,hello,,h,he,");
    fixture_done(&f);
}

/* Streams the host receives and never takes: dropped with
 * rt_cstore_drop_value, or left to the store (LeakSanitizer checks both
 * under SAN=1); a value cannot be taken twice while its end lives. */
static void test_stream_values_not_passed_on(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, values_wat);
    fixture_instantiate(&f);
    rt_cval n = {.kind = RT_CT_U32, .of.u = 0}, r;
    for (int i = 0; i < 1000; i++) {
        if (!fixture_call(&f, "names", &n, 1, &r))
            fail_msg("names trapped: %s", f.trap.message);
        rt_cstore_drop_value(f.store, &r);
    }
    if (!fixture_call(&f, "names", &n, 1, &r))
        fail_msg("names trapped: %s", f.trap.message);
    rt_cstream *end = rt_cstream_take(f.store, &r, &f.trap);
    assert_non_null(end);
    assert_null(rt_cstream_take(f.store, &r, &f.trap));
    assert_true(rt_cstream_drop(end, &f.trap));
    /* this one is left to the store */
    if (!fixture_call(&f, "names", &n, 1, &r))
        fail_msg("names trapped: %s", f.trap.message);
    fixture_done(&f);
}

/* ---- timers ----------------------------------------------------------------------- */

typedef struct fired_log {
    char order[16];
    uint32_t n;
    uint64_t at[16];
} fired_log;

typedef struct tick {
    fired_log *log;
    char name;
} tick;

static void on_tick(void *user)
{
    tick *t = user;
    if (t->log->n < 15) {
        t->log->at[t->log->n] = rt_cstore_now();
        t->log->order[t->log->n++] = t->name;
    }
}

static void test_timers_fire_in_deadline_order(void **state)
{
    (void)state;
    rt_cstore *store = rt_cstore_new(NULL);
    assert_non_null(store);
    rt_trap trap;
    fired_log log = {0};
    tick a = {&log, 'a'}, b = {&log, 'b'}, c = {&log, 'c'}, d = {&log, 'd'}, e = {&log, 'e'};
    uint64_t t0 = rt_cstore_now(), ms = 1000000;
    assert_non_null(rt_cstore_timer(store, t0 + 30 * ms, on_tick, &c, &trap));
    assert_non_null(rt_cstore_timer(store, t0 + 10 * ms, on_tick, &a, &trap));
    rt_ctimer *gone = rt_cstore_timer(store, t0 + 15 * ms, on_tick, &d, &trap);
    assert_non_null(gone);
    assert_non_null(rt_cstore_timer(store, t0 + 20 * ms, on_tick, &b, &trap));
    assert_non_null(rt_cstore_timer(store, 0, on_tick, &e, &trap)); /* already past */
    rt_ctimer_cancel(store, gone);
    assert_true(rt_cstore_run(store, &trap));
    log.order[log.n] = 0;
    assert_string_equal(log.order, "eabc");
    assert_true(log.at[1] >= t0 + 10 * ms);
    assert_true(log.at[2] >= t0 + 20 * ms);
    assert_true(log.at[3] >= t0 + 30 * ms);
    /* Nothing left: the loop returns at once. */
    assert_true(rt_cstore_run(store, &trap));
    /* A pending timer is freed with the store. */
    assert_non_null(rt_cstore_timer(store, t0 + 3600000 * ms, on_tick, &a, &trap));
    rt_cstore_free(store);
}

/* An async host function finished by a timer: "nap" sleeps three times. */
static const char *nap_wat =
    "(component"
    " (import \"sleep\" (func $sleep async (param \"ns\" u64)))"
    " (core func $sleep' (canon lower (func $sleep)))"
    " (core func $ret (canon task.return))"
    " (core module $M"
    "  (import \"\" \"sleep\" (func $sleep (param i64)))"
    "  (import \"\" \"ret\" (func $ret))"
    "  (func (export \"nap\") (param $ns i64)"
    "   (call $sleep (local.get $ns)) (call $sleep (local.get $ns)) (call $sleep (local.get $ns))"
    "   (call $ret)))"
    " (core instance $i (instantiate $M (with \"\" (instance"
    "  (export \"sleep\" (func $sleep')) (export \"ret\" (func $ret))))))"
    " (func (export \"nap\") async (param \"ns\" u64) (canon lift (core func $i \"nap\") async)))";

static void wake(void *user)
{
    rt_trap trap;
    if (!rt_chost_return(user, NULL, &trap))
        abort();
}

static bool host_sleep(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t n,
                       rt_cval *result, rt_trap *trap)
{
    (void)user, (void)n, (void)result;
    rt_chost_task *task = rt_chost_defer(call);
    if (!task)
        return false;
    return rt_cstore_timer(call->store, rt_cstore_now() + args[0].of.u, wake, task, trap) != NULL;
}

static void test_async_host_function_on_a_timer(void **state)
{
    (void)state;
    fixture f;
    fixture_load(&f, nap_wat);
    comp_arena types;
    comp_arena_init(&types);
    const char *pn[] = {"ns"};
    const rt_ctype *pt[] = {rt_ctype_prim(RT_CT_U64)};
    const rt_cfunctype *sync_t = rt_cfunctype_new(&types, 1, pn, pt, NULL);
    const rt_cfunctype *async_t = rt_cfunctype_async(&types, sync_t);
    assert_non_null(async_t);
    /* A non-async host type does not satisfy an `async` import. */
    assert_true(rt_clinker_define_func(f.linker, NULL, "sleep", sync_t, host_sleep, NULL));
    rt_cinstance *inst;
    assert_false(rt_cinstantiate(f.store, f.linker, f.comp, &inst, &f.trap));
    assert_int_equal(f.trap.kind, RT_TRAP_LINK);
    assert_non_null(strstr(f.trap.message, "async"));
    rt_clinker_free(f.linker);
    f.linker = rt_clinker_new();
    assert_true(rt_clinker_define_func(f.linker, NULL, "sleep", async_t, host_sleep, NULL));
    fixture_instantiate(&f);
    uint64_t t0 = rt_cstore_now();
    rt_cval ns = {.kind = RT_CT_U64, .of.u = 5000000}, r;
    if (!fixture_call(&f, "nap", &ns, 1, &r))
        fail_msg("nap trapped: %s", f.trap.message);
    assert_true(rt_cstore_now() - t0 >= 15000000);
    fixture_done(&f);
    comp_arena_free(&types);
}

/* ---- several watches per descriptor ----------------------------------------------------- */

typedef struct watched {
    int calls[4];
} watched;

typedef struct watch_arg {
    watched *w;
    int slot;
} watch_arg;

static void on_ready(void *user, int fd)
{
    watch_arg *a = user;
    (void)fd;
    a->w->calls[a->slot]++;
}

static void test_several_watches_per_descriptor(void **state)
{
    (void)state;
    rt_cstore *store = rt_cstore_new(NULL);
    rt_trap trap;
    int p[2];
    assert_int_equal(pipe(p), 0);
    watched w = {{0}};
    watch_arg r1 = {&w, 0}, r2 = {&w, 1}, wr = {&w, 2}, gone = {&w, 3};
    assert_true(rt_cstore_watch_fd(store, p[0], false, on_ready, &r1, &trap));
    assert_true(rt_cstore_watch_fd(store, p[0], false, on_ready, &r2, &trap));
    assert_true(rt_cstore_watch_fd(store, p[1], true, on_ready, &wr, &trap));
    assert_true(write(p[1], "x", 1) == 1);
    assert_true(rt_cstore_run(store, &trap));
    assert_int_equal(w.calls[0], 1);
    assert_int_equal(w.calls[1], 1);
    assert_int_equal(w.calls[2], 1);
    /* An unwatched descriptor's callback never comes, and the loop does
     * not wait for it. */
    assert_true(rt_cstore_watch_fd(store, p[0], false, on_ready, &gone, &trap));
    rt_cstore_unwatch_fd(store, p[0]);
    assert_true(rt_cstore_run(store, &trap));
    assert_int_equal(w.calls[3], 0);
    /* A regular file is always ready. */
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    assert_true(rt_cstore_watch_fd(store, fileno(tmp), false, on_ready, &gone, &trap));
    assert_true(rt_cstore_watch_fd(store, fileno(tmp), true, on_ready, &gone, &trap));
    assert_true(rt_cstore_run(store, &trap));
    assert_int_equal(w.calls[3], 2);
    fclose(tmp);
    close(p[0]);
    close(p[1]);
    rt_cstore_free(store);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_writes_strings_and_records),
        cmocka_unit_test(test_host_reads_strings),
        cmocka_unit_test(test_stream_values_not_passed_on),
        cmocka_unit_test(test_timers_fire_in_deadline_order),
        cmocka_unit_test(test_async_host_function_on_a_timer),
        cmocka_unit_test(test_several_watches_per_descriptor),
    };
    return unit_run("rt_async_host", tests);
}
