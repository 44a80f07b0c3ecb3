/* The WASI 0.2 host pieces that need no toolchain: rt_wasi_new's checks,
 * the object table, streams over pipes and files, pollables and timers,
 * errors, and wasi:cli/exit's code reaching rt_wasi_exit_code through
 * small WAT components run against rt_wasi_define_p2. */
#include "unit.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "comp/buf.h"
#include "comp/wat.h"
#include "rt/component.h"
#include "rt/wasi.h"
#include "wasi/wasi_stream_io.h"

static rt_wasi *new_wasi(void)
{
    rt_wasi_config c = {.stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
    comp_error err = {0};
    rt_wasi *w = rt_wasi_new(&c, &err);
    if (!w)
        fail_msg("rt_wasi_new: %s", err.message);
    return w;
}

static void test_bad_preopen_refused(void **state)
{
    rt_wasi_preopen p = {.host_path = "/nonexistent/wasi-host-test", .guest_path = "/data"};
    rt_wasi_config c = {.preopens = &p, .preopen_count = 1, .stdin_fd = -1, .stdout_fd = -1,
                        .stderr_fd = -1};
    comp_error err = {0};
    assert_null(rt_wasi_new(&c, &err));
    assert_non_null(strstr(err.message, "/nonexistent/wasi-host-test"));
}

static void test_bad_env_refused(void **state)
{
    const char *env[] = {"GOOD=1", "NOEQUALS"};
    rt_wasi_config c = {.env = env, .env_count = 2, .stdin_fd = -1, .stdout_fd = -1,
                        .stderr_fd = -1};
    comp_error err = {0};
    assert_null(rt_wasi_new(&c, &err));
    assert_non_null(strstr(err.message, "NOEQUALS"));
}

static void test_no_exit_before_run(void **state)
{
    rt_wasi *w = new_wasi();
    int code = -1;
    assert_false(rt_wasi_exit_code(w, &code));
    assert_int_equal(code, -1);
    rt_wasi_free(w);
}

static void test_object_slots_reused(void **state)
{
    rt_wasi *w = new_wasi();
    uint32_t a = wasi_pollable_ready_new(w), b = wasi_pollable_ready_new(w);
    assert_int_not_equal(a, 0);
    assert_int_not_equal(b, 0);
    assert_int_not_equal(a, b);
    assert_true(wasi_obj_free(w, a, WOBJ_POLLABLE));
    assert_false(wasi_obj_free(w, a, WOBJ_POLLABLE)); /* twice: refused */
    assert_false(wasi_obj_free(w, b, WOBJ_INPUT));    /* wrong kind: refused */
    uint32_t c = wasi_pollable_ready_new(w);
    assert_int_equal(c, a);
    rt_wasi_free(w);
}

static void test_error_keeps_errno(void **state)
{
    rt_wasi *w = new_wasi();
    uint32_t e = wasi_io_error_new(w, 5);
    int errnum = 0;
    assert_true(wasi_io_error_errno(w, e, &errnum));
    assert_int_equal(errnum, 5);
    assert_false(wasi_io_error_errno(w, e + 1, &errnum));
    assert_false(wasi_io_error_errno(w, 0, &errnum));
    rt_wasi_free(w);
}

static void test_pipe_streams(void **state)
{
    rt_wasi *w = new_wasi();
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    uint32_t in = wasi_input_stream_new(w, fds[0], WASI_STREAM_PIPE, 0);
    uint32_t out = wasi_output_stream_new(w, fds[1], WASI_STREAM_PIPE, 0);
    uint32_t readable = wasi_pollable_stream_new(w, in);
    assert_true(in && out && readable);
    assert_false(wasi_pollable_ready(w, readable));
    uint8_t buf[16];
    size_t got = 99;
    /* Nothing written yet: a non-blocking read returns nothing at once. */
    assert_int_equal(wasi_stream_read(wasi_obj_get(w, in, WOBJ_INPUT), buf, sizeof buf, false, &got), 0);
    assert_int_equal(got, 0);
    assert_int_equal(wasi_stream_write(wasi_obj_get(w, out, WOBJ_OUTPUT), (const uint8_t *)"hello", 5), 0);
    assert_true(wasi_pollable_ready(w, readable));
    /* Reads stop at the requested length. */
    assert_int_equal(wasi_stream_read(wasi_obj_get(w, in, WOBJ_INPUT), buf, 3, false, &got), 0);
    assert_int_equal(got, 3);
    assert_memory_equal(buf, "hel", 3);
    /* Dropping the writer ends the input: the rest, then closed. */
    assert_true(wasi_obj_free(w, out, WOBJ_OUTPUT));
    assert_int_equal(wasi_stream_read(wasi_obj_get(w, in, WOBJ_INPUT), buf, sizeof buf, true, &got), 0);
    assert_int_equal(got, 2);
    assert_int_equal(wasi_stream_read(wasi_obj_get(w, in, WOBJ_INPUT), buf, sizeof buf, true, &got),
                     WASI_STREAM_CLOSED);
    /* Once the stream is gone, its pollable counts as ready. */
    assert_true(wasi_obj_free(w, in, WOBJ_INPUT));
    assert_true(wasi_pollable_ready(w, readable));
    rt_wasi_free(w);
}

static void test_write_to_closed_pipe(void **state)
{
    rt_wasi *w = new_wasi();
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    uint32_t out = wasi_output_stream_new(w, fds[1], WASI_STREAM_PIPE, 0);
    wasi_obj *s = wasi_obj_get(w, out, WOBJ_OUTPUT);
    assert_int_equal(wasi_stream_write(s, (const uint8_t *)"x", 1), WASI_STREAM_CLOSED);
    assert_int_equal(wasi_stream_write(s, (const uint8_t *)"x", 1), WASI_STREAM_CLOSED);
    rt_wasi_free(w);
}

static void test_file_streams_at_offsets(void **state)
{
    char path[] = "/tmp/wasi-host-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    rt_wasi *w = new_wasi();
    uint32_t out = wasi_output_stream_new(w, dup(fd), WASI_STREAM_AT, 2);
    assert_int_equal(wasi_stream_write(wasi_obj_get(w, out, WOBJ_OUTPUT), (const uint8_t *)"abc", 3), 0);
    uint32_t app = wasi_output_stream_new(w, dup(fd), WASI_STREAM_APPEND, 0);
    assert_int_equal(wasi_stream_write(wasi_obj_get(w, app, WOBJ_OUTPUT), (const uint8_t *)"Z", 1), 0);
    uint32_t in = wasi_input_stream_new(w, dup(fd), WASI_STREAM_AT, 0);
    uint8_t buf[16];
    size_t got = 0;
    assert_int_equal(wasi_stream_read(wasi_obj_get(w, in, WOBJ_INPUT), buf, sizeof buf, false, &got), 0);
    assert_int_equal(got, 6);
    assert_memory_equal(buf, "\0\0abcZ", 6);
    assert_int_equal(wasi_stream_read(wasi_obj_get(w, in, WOBJ_INPUT), buf, sizeof buf, false, &got),
                     WASI_STREAM_CLOSED);
    close(fd);
    rt_wasi_free(w);
}

static void test_timer_pollables(void **state)
{
    rt_wasi *w = new_wasi();
    uint64_t start = wasi_monotonic_now();
    uint32_t soon = wasi_pollable_timer_new(w, start + 20 * 1000000ull);
    uint32_t later = wasi_pollable_timer_new(w, start + 5000 * 1000000ull);
    uint32_t past = wasi_pollable_timer_new(w, start - 1);
    assert_true(wasi_pollable_ready(w, past));
    assert_false(wasi_pollable_ready(w, later));
    uint32_t reps[2] = {later, soon};
    bool ready[2];
    assert_true(wasi_poll_wait(w, reps, 2, ready));
    uint64_t waited = wasi_monotonic_now() - start;
    assert_false(ready[0]);
    assert_true(ready[1]);
    assert_true(waited >= 20 * 1000000ull);
    assert_true(waited < 2000 * 1000000ull);
    rt_wasi_free(w);
}

/* ---- wasi:cli/exit through a component -------------------------------------------- */

/* A command whose run calls `exit-call` of wasi:cli/exit@0.2.0. */
static int run_exit_component(const char *import_decl, const char *call, int *code)
{
    char wat[2048];
    snprintf(wat, sizeof wat,
             "(component\n"
             "  (import \"wasi:cli/exit@0.2.0\" (instance $exit %s))\n"
             "  (core func $e (canon lower (func $exit \"%s\")))\n"
             "  (core module $M (import \"x\" \"e\" (func $e (param i32)))\n"
             "    (func (export \"run\") (result i32) (call $e (i32.const %s)) (i32.const 0)))\n"
             "  (core instance $x (export \"e\" (func $e)))\n"
             "  (core instance $m (instantiate $M (with \"x\" (instance $x))))\n"
             "  (func $run (result (result)) (canon lift (core func $m \"run\")))\n"
             "  (instance $r (export \"run\" (func $run)))\n"
             "  (export \"wasi:cli/run@0.2.0\" (instance $r)))\n",
             import_decl, strchr(call, ' ') ? "exit" : call,
             strchr(call, ' ') ? strchr(call, ' ') + 1 : "7");
    comp_buf bin = {0};
    comp_error err = {0};
    if (!comp_wat_to_binary(wat, strlen(wat), &bin, &err))
        fail_msg("wat: %u:%u: %s", err.line, err.col, err.message);
    rt_component *c = rt_component_new(bin.data, bin.len, COMP_FEATURES_DEFAULT, &err);
    if (!c)
        fail_msg("component: %s", err.message);
    rt_wasi *w = new_wasi();
    rt_clinker *l = rt_clinker_new();
    rt_cstore *s = rt_cstore_new(NULL);
    assert_true(rt_wasi_define_p2(w, l));
    rt_cinstance *inst = NULL;
    rt_trap trap = {0};
    if (!rt_cinstantiate(s, l, c, &inst, &trap))
        fail_msg("instantiate: %s", trap.message);
    rt_cfunc *run = rt_cinstance_func(rt_cinstance_instance(inst, "wasi:cli/run@0.2.0"), "run");
    assert_non_null(run);
    comp_arena a;
    comp_arena_init(&a);
    rt_cval result;
    bool returned = rt_cfunc_call(run, NULL, 0, &result, &a, &trap);
    int exited = rt_wasi_exit_code(w, code);
    if (!returned)
        assert_int_equal(trap.kind, RT_TRAP_HOST);
    comp_arena_free(&a);
    rt_cstore_free(s);
    rt_clinker_free(l);
    rt_wasi_free(w);
    rt_component_free(c);
    comp_buf_free(&bin);
    return returned ? -1 : exited;
}

static void test_exit_with_code(void **state)
{
    int code = -1;
    assert_int_equal(run_exit_component(
                         "(export \"exit-with-code\" (func (param \"status-code\" u8)))",
                         "exit-with-code", &code), 1);
    assert_int_equal(code, 7);
}

static void test_exit_ok_and_err(void **state)
{
    const char *decl = "(export \"exit\" (func (param \"status\" (result))))";
    int code = -1;
    assert_int_equal(run_exit_component(decl, "exit 0", &code), 1);
    assert_int_equal(code, 0);
    assert_int_equal(run_exit_component(decl, "exit 1", &code), 1);
    assert_int_equal(code, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_preopen_refused),
        cmocka_unit_test(test_bad_env_refused),
        cmocka_unit_test(test_no_exit_before_run),
        cmocka_unit_test(test_object_slots_reused),
        cmocka_unit_test(test_error_keeps_errno),
        cmocka_unit_test(test_pipe_streams),
        cmocka_unit_test(test_write_to_closed_pipe),
        cmocka_unit_test(test_file_streams_at_offsets),
        cmocka_unit_test(test_timer_pollables),
        cmocka_unit_test(test_exit_with_code),
        cmocka_unit_test(test_exit_ok_and_err),
    };
    return unit_run("wasi_host", tests);
}
