/* The WASI 0.3 hosts through the embedding API (rt/wasi.h), with the
 * descriptors wasi-run cannot choose: standard streams on pipes the test
 * holds, and none at all (-1: empty input, discarded output). Uses the WAT
 * components of tests/e2e/wasi_p3/, defined with rt_wasi_define_p3 alone.
 * Also: rt_wasi_end_run lets go of a transfer the guest left unfinished,
 * so that the store frees cleanly (checked by the sanitizer build). */
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "comp/buf.h"
#include "comp/file.h"
#include "comp/wat.h"
#include "rt/component.h"
#include "rt/wasi.h"

/* A component from WAT text. */
static rt_component *component_of(const char *text, size_t len, comp_buf *bin)
{
    comp_error err = {0};
    *bin = (comp_buf){0};
    if (!comp_wat_to_binary(text, len, bin, &err))
        fail_msg("wat: %u:%u: %s", err.line, err.col, err.message);
    rt_component *c = rt_component_new(bin->data, bin->len, COMP_FEATURES_DEFAULT, &err);
    if (!c)
        fail_msg("component: %s", err.message);
    return c;
}

static rt_component *component_file(const char *path, comp_buf *bin)
{
    uint8_t *text;
    size_t len;
    comp_error err = {0};
    if (!comp_read_file(path, &text, &len, &err))
        fail_msg("%s: %s", path, err.message);
    rt_component *c = component_of((const char *)text, len, bin);
    free(text);
    return c;
}

/* Runs wasi:cli/run@0.3.0 of `c` with the 0.3 hosts over the given
 * descriptors. Returns run's result case (0 ok, 1 err), or -1 on a trap
 * (its message in `why`). */
static int run_p3(rt_component *c, int in, int out, int err_fd, char *why, size_t why_size)
{
    rt_wasi_config config = {.stdin_fd = in, .stdout_fd = out, .stderr_fd = err_fd};
    comp_error err = {0};
    rt_wasi *w = rt_wasi_new(&config, &err);
    if (!w)
        fail_msg("rt_wasi_new: %s", err.message);
    rt_clinker *l = rt_clinker_new();
    rt_cstore *s = rt_cstore_new(NULL);
    assert_true(rt_wasi_define_p3(w, l));
    rt_cinstance *inst = NULL;
    rt_trap trap = {0};
    if (!rt_cinstantiate(s, l, c, &inst, &trap))
        fail_msg("instantiate: %s", trap.message);
    rt_cfunc *run = rt_cinstance_func(rt_cinstance_instance(inst, "wasi:cli/run@0.3.0"), "run");
    assert_non_null(run);
    comp_arena a;
    comp_arena_init(&a);
    rt_cval result;
    int rc = -1;
    if (rt_cfunc_call(run, NULL, 0, &result, &a, &trap))
        rc = (int)result.of.cases.index;
    else
        snprintf(why, why_size, "%s", trap.message);
    rt_wasi_end_run(w);
    rt_cstore_free(s);
    rt_clinker_free(l);
    rt_wasi_free(w);
    comp_arena_free(&a);
    return rc;
}

/* Everything readable from `fd` now (the writers are closed). */
static size_t drain(int fd, char *buf, size_t size)
{
    size_t n = 0;
    ssize_t k;
    while (n < size && (k = read(fd, buf + n, size - n)) > 0)
        n += (size_t)k;
    return n;
}

static void test_stdio_on_pipes(void **state)
{
    int in[2], out[2], err[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    assert_int_equal(pipe(err), 0);
    assert_int_equal(write(in[1], "from a pipe\n", 12), 12);
    close(in[1]);
    comp_buf bin;
    rt_component *c = component_file("tests/e2e/wasi_p3/p3_stdio.wat", &bin);
    char why[256] = "";
    int rc = run_p3(c, in[0], out[1], err[1], why, sizeof why);
    if (rc != 0)
        fail_msg("run: %d %s", rc, why);
    close(out[1]);
    close(err[1]);
    char buf[64];
    size_t n = drain(out[0], buf, sizeof buf);
    assert_int_equal(n, 12);
    assert_memory_equal(buf, "from a pipe\n", 12);
    n = drain(err[0], buf, sizeof buf);
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "done\n", 5);
    close(in[0]);
    close(out[0]);
    close(err[0]);
    rt_component_free(c);
    comp_buf_free(&bin);
}

static void test_no_descriptors(void **state)
{
    comp_buf bin;
    rt_component *c = component_file("tests/e2e/wasi_p3/p3_stdio.wat", &bin);
    char why[256] = "";
    int rc = run_p3(c, -1, -1, -1, why, sizeof why);
    if (rc != 0)
        fail_msg("run: %d %s", rc, why);
    rt_component_free(c);
    comp_buf_free(&bin);
}

static void test_clocks_and_random(void **state)
{
    comp_buf bin;
    rt_component *c = component_file("tests/e2e/wasi_p3/p3_clocks_random.wat", &bin);
    char why[256] = "";
    int rc = run_p3(c, -1, -1, -1, why, sizeof why);
    if (rc != 0)
        fail_msg("run: %d %s", rc, why);
    rt_component_free(c);
    comp_buf_free(&bin);
}

/* run starts a stdin read (async) and a write-via-stream whose stream it
 * never writes, then returns with both in flight. */
static const char unfinished[] =
    "(component\n"
    "  (import \"wasi:cli/stdin@0.3.0\" (instance $stdin\n"
    "    (type $ec0 (enum \"io\" \"illegal-byte-sequence\" \"pipe\"))\n"
    "    (export \"error-code\" (type $ec (eq $ec0)))\n"
    "    (type $f (future (result (error $ec))))\n"
    "    (export \"read-via-stream\" (func (result (tuple (stream u8) $f))))))\n"
    "  (import \"wasi:cli/stdout@0.3.0\" (instance $stdout\n"
    "    (type $ec0 (enum \"io\" \"illegal-byte-sequence\" \"pipe\"))\n"
    "    (export \"error-code\" (type $ec (eq $ec0)))\n"
    "    (type $f (future (result (error $ec))))\n"
    "    (export \"write-via-stream\" (func (param \"data\" (stream u8)) (result $f)))))\n"
    "  (type $S (stream u8))\n"
    "  (core module $Mem (memory (export \"mem\") 1))\n"
    "  (core instance $mem (instantiate $Mem))\n"
    "  (core func $read (canon lower (func $stdin \"read-via-stream\") (memory $mem \"mem\")))\n"
    "  (core func $write (canon lower (func $stdout \"write-via-stream\")))\n"
    "  (core func $stream.new (canon stream.new $S))\n"
    "  (core func $stream.read (canon stream.read $S async (memory $mem \"mem\")))\n"
    "  (core module $M\n"
    "    (import \"\" \"mem\" (memory 1))\n"
    "    (import \"\" \"read\" (func $read (param i32)))\n"
    "    (import \"\" \"write\" (func $write (param i32) (result i32)))\n"
    "    (import \"\" \"stream.new\" (func $stream.new (result i64)))\n"
    "    (import \"\" \"stream.read\" (func $stream.read (param i32 i32 i32) (result i32)))\n"
    "    (func (export \"run\") (result i32)\n"
    "      (call $read (i32.const 0))\n"
    "      (drop (call $stream.read (i32.load (i32.const 0)) (i32.const 64) (i32.const 16)))\n"
    "      (drop (call $write (i32.wrap_i64 (call $stream.new))))\n"
    "      (i32.const 0)))\n"
    "  (core instance $m (instantiate $M (with \"\" (instance\n"
    "    (export \"mem\" (memory $mem \"mem\")) (export \"read\" (func $read))\n"
    "    (export \"write\" (func $write)) (export \"stream.new\" (func $stream.new))\n"
    "    (export \"stream.read\" (func $stream.read))))))\n"
    "  (func $run async (result (result)) (canon lift (core func $m \"run\")))\n"
    "  (instance $r (export \"run\" (func $run)))\n"
    "  (export \"wasi:cli/run@0.3.0\" (instance $r)))\n";

static void test_unfinished_transfers_end_with_the_run(void **state)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0); /* stays empty and open: the read waits */
    assert_int_equal(pipe(out), 0);
    comp_buf bin;
    rt_component *c = component_of(unfinished, sizeof unfinished - 1, &bin);
    char why[256] = "";
    int rc = run_p3(c, in[0], out[1], -1, why, sizeof why);
    if (rc != 0)
        fail_msg("run: %d %s", rc, why);
    close(out[1]);
    char buf[8];
    assert_int_equal(drain(out[0], buf, sizeof buf), 0);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    rt_component_free(c);
    comp_buf_free(&bin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stdio_on_pipes),
        cmocka_unit_test(test_no_descriptors),
        cmocka_unit_test(test_clocks_and_random),
        cmocka_unit_test(test_unfinished_transfers_end_with_the_run),
    };
    return unit_run("wasi_p3", tests);
}
