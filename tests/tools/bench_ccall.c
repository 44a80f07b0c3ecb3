/* bench_ccall [WAT] [CALLS] [RUNS]: the cost of one synchronous
 * component-model call through the runtime's canonical ABI, for
 * f: func(s: string) -> record { a: u32, b: u64, c: string } with a
 * 100-byte string (and, for scale, nop: func()), in three directions:
 *  - component to component: a caller component's core loop calls its
 *    lowered import, wired to a callee component's lifted export;
 *  - host to guest: rt_cfunc_call of the callee's export from C;
 *  - guest to host: the same caller loop wired to host functions defined
 *    with rt_clinker_define_func.
 * WAT (default bench/ccall/ccall.wat) holds the components. Each figure is
 * one warm-up run, then RUNS (default 5) timed runs of CALLS (default
 * 200000) calls, CLOCK_MONOTONIC; it prints the best and mean time per
 * call. Every call's result is checked, so a wrong answer fails the bench
 * (exit 1) instead of timing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comp/buf.h"
#include "comp/file.h"
#include "comp/module.h"
#include "comp/wat.h"
#include "rt/component.h"

/* The argument string: the bytes ccall.wat's data segments put at 0. */
static const char arg_text[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               " the quick brown fox jumps over a dog.";
enum { ARG_LEN = sizeof arg_text - 1 };
_Static_assert(ARG_LEN == 100, "the benchmark passes a 100-byte string");

/* Field b of every result: the string's first 8 bytes, little-endian. */
static uint64_t expected_b(void)
{
    uint64_t b = 0;
    for (int i = 7; i >= 0; i--)
        b = b << 8 | (uint8_t)arg_text[i];
    return b;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct bench {
    rt_cinstance *inst;
    uint32_t calls;
    uint64_t host_calls; /* calls the host functions received */
    comp_arena arena;    /* results of host-to-guest calls */
    char failure[256];
} bench;

/* One timed run: `calls` calls one way or another; false with
 * b->failure set when a call fails or returns something unexpected. */
typedef bool (*run_fn)(bench *b, const char *export_name);

static bool fail(bench *b, const char *what, const char *why)
{
    snprintf(b->failure, sizeof b->failure, "%s: %s", what, why);
    return false;
}

/* The callers' loops ("run", "run-nop", "run-host", "run-host-nop"): one
 * call from the host, `calls` calls inside; the u64 result is checked. */
static bool run_guest_loop(bench *b, const char *export_name)
{
    rt_cfunc *f = rt_cinstance_func(b->inst, export_name);
    if (!f)
        return fail(b, export_name, "no such export");
    bool nop = strstr(export_name, "nop") != NULL;
    uint64_t per_call = nop ? 1 : ARG_LEN + expected_b() + ARG_LEN;
    rt_cval arg = {.kind = RT_CT_U32, .of.u = b->calls}, result;
    rt_trap trap;
    comp_arena arena;
    comp_arena_init(&arena);
    bool ok = rt_cfunc_call(f, &arg, 1, &result, &arena, &trap);
    comp_arena_free(&arena);
    if (!ok)
        return fail(b, export_name, trap.message);
    if (result.kind != RT_CT_U64 || result.of.u != per_call * b->calls)
        return fail(b, export_name, "wrong checksum");
    return true;
}

static bool check_record(bench *b, const rt_cval *r)
{
    if (r->kind != RT_CT_RECORD || r->of.seq.count != 3)
        return fail(b, "f", "result is not the record");
    const rt_cval *fields = r->of.seq.items;
    if (fields[0].of.u != ARG_LEN || fields[1].of.u != expected_b() ||
        fields[2].of.str.len != ARG_LEN || memcmp(fields[2].of.str.data, arg_text, ARG_LEN) != 0)
        return fail(b, "f", "wrong record");
    return true;
}

/* Host to guest: `calls` rt_cfunc_calls. The results' strings go to an
 * arena given back every 256 calls, as an embedder would. */
static bool run_host_calls(bench *b, const char *export_name)
{
    rt_cfunc *f = rt_cinstance_func(b->inst, export_name);
    if (!f)
        return fail(b, export_name, "no such export");
    bool nop = strcmp(export_name, "nop") == 0;
    rt_cval arg = {.kind = RT_CT_STRING, .of.str = {arg_text, ARG_LEN}}, result;
    rt_trap trap;
    for (uint32_t i = 0; i < b->calls; i++) {
        if (!rt_cfunc_call(f, nop ? NULL : &arg, nop ? 0 : 1, &result, &b->arena, &trap))
            return fail(b, export_name, trap.message);
        if (!nop && !check_record(b, &result))
            return false;
        if (i % 256 == 255) {
            comp_arena_free(&b->arena);
            comp_arena_init(&b->arena);
        }
    }
    return true;
}

/* The host's `host-f`: the record the callee component computes, its
 * string copied into the call's arena. */
static bool host_f(void *user, const rt_chost_call *call, const rt_cval *args, uint32_t arg_count,
                   rt_cval *result, rt_trap *trap)
{
    bench *b = user;
    comp_str s = args[0].of.str;
    rt_cval *fields = comp_arena_array(call->arena, 3, sizeof *fields);
    char *copy = comp_arena_strndup(call->arena, s.data, s.len);
    (void)arg_count;
    if (!fields || !copy) {
        rt_trap_set(trap, RT_TRAP_HOST, "host-f: out of memory");
        return false;
    }
    uint64_t first8 = 0;
    for (uint32_t i = s.len < 8 ? s.len : 8; i > 0; i--)
        first8 = first8 << 8 | (uint8_t)s.data[i - 1];
    fields[0] = (rt_cval){.kind = RT_CT_U32, .of.u = s.len};
    fields[1] = (rt_cval){.kind = RT_CT_U64, .of.u = first8};
    fields[2] = (rt_cval){.kind = RT_CT_STRING, .of.str = {copy, s.len}};
    *result = (rt_cval){.kind = RT_CT_RECORD, .of.seq = {fields, 3}};
    b->host_calls++;
    return true;
}

static bool host_nop(void *user, const rt_chost_call *call, const rt_cval *args,
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)
{
    bench *b = user;
    (void)call, (void)args, (void)arg_count, (void)result, (void)trap;
    b->host_calls++;
    return true;
}

/* One warm-up run, then `runs` timed ones; prints best and mean per call. */
static bool measure(bench *b, const char *label, run_fn run, const char *export_name,
                    uint32_t runs)
{
    double best = 0, total = 0;
    if (!run(b, export_name))
        return false;
    for (uint32_t r = 0; r < runs; r++) {
        double t0 = now();
        if (!run(b, export_name))
            return false;
        double dt = now() - t0;
        total += dt;
        if (r == 0 || dt < best)
            best = dt;
    }
    printf("%-44s best %8.1f ns  mean %8.1f ns per call  (%u calls x %u runs)\n", label,
           best / b->calls * 1e9, total / runs / b->calls * 1e9, b->calls, runs);
    fflush(stdout);
    return true;
}

/* The host-side types of `host-f` and `host-nop`, checked against the
 * component's imports at instantiation. */
static bool define_host(rt_clinker *linker, comp_arena *arena, bench *b)
{
    static const char *const labels[] = {"a", "b", "c"};
    const rt_ctype *field_types[] = {rt_ctype_prim(RT_CT_U32), rt_ctype_prim(RT_CT_U64),
                                     rt_ctype_prim(RT_CT_STRING)};
    const rt_ctype *record = rt_ctype_labeled(arena, RT_CT_RECORD, 3, labels, field_types);
    static const char *const param_names[] = {"s"};
    const rt_ctype *param_types[] = {rt_ctype_prim(RT_CT_STRING)};
    const rt_cfunctype *f_type =
        record ? rt_cfunctype_new(arena, 1, param_names, param_types, record) : NULL;
    const rt_cfunctype *nop_type = rt_cfunctype_new(arena, 0, NULL, NULL, NULL);
    return f_type && nop_type && rt_clinker_define_func(linker, NULL, "host-f", f_type, host_f, b) &&
           rt_clinker_define_func(linker, NULL, "host-nop", nop_type, host_nop, b);
}

static bool run_all(bench *b, uint32_t runs)
{
    uint64_t before = b->host_calls;
    if (!measure(b, "component to component  f(string) -> record", run_guest_loop, "run", runs) ||
        !measure(b, "component to component  nop()", run_guest_loop, "run-nop", runs) ||
        !measure(b, "host to guest           f(string) -> record", run_host_calls, "f", runs) ||
        !measure(b, "host to guest           nop()", run_host_calls, "nop", runs) ||
        !measure(b, "guest to host           f(string) -> record", run_guest_loop, "run-host",
                 runs) ||
        !measure(b, "guest to host           nop()", run_guest_loop, "run-host-nop", runs))
        return false;
    /* Two guest-to-host figures, each a warm-up plus `runs` runs. */
    if (b->host_calls - before != 2ull * (runs + 1) * b->calls)
        return fail(b, "host functions", "not called once per guest call");
    return true;
}

/* A decimal count in [1, max], or 0 when `text` is anything else. */
static long parse_count(const char *text, long max)
{
    char *end;
    long n = strtol(text, &end, 10);
    return end != text && *end == 0 && n >= 1 && n <= max ? n : 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bench/ccall/ccall.wat";
    long calls = argc > 2 ? parse_count(argv[2], 100000000) : 200000;
    long runs = argc > 3 ? parse_count(argv[3], 1000) : 5;
    if (argc > 4 || calls == 0 || runs == 0) {
        fprintf(stderr, "usage: bench_ccall [WAT] [CALLS 1..100000000] [RUNS 1..1000]\n");
        return 2;
    }
    uint8_t *text = NULL;
    size_t len = 0;
    comp_buf bin = {0};
    comp_error err = {0};
    if (!comp_read_file(path, &text, &len, &err)) {
        fprintf(stderr, "bench_ccall: %s: %s\n", path, err.message);
        return 1;
    }
    if (!comp_wat_to_binary((const char *)text, len, &bin, &err)) {
        fprintf(stderr, "bench_ccall: %s:%u:%u: error: %s\n", path, err.line, err.col,
                err.message);
        free(text);
        return 1;
    }
    free(text);
    rt_component *comp = rt_component_new(bin.data, bin.len, COMP_FEATURES_DEFAULT, &err);
    if (!comp) {
        fprintf(stderr, "bench_ccall: %s: error at offset %zu of its binary: %s\n", path,
                err.offset, err.message);
        comp_buf_free(&bin);
        return 1;
    }

    bench b = {.calls = (uint32_t)calls};
    comp_arena_init(&b.arena);
    comp_arena types;
    comp_arena_init(&types);
    rt_clinker *linker = rt_clinker_new();
    rt_cstore *store = rt_cstore_new(NULL);
    rt_trap trap;
    int rc = 0;
    if (!linker || !store || !define_host(linker, &types, &b)) {
        fprintf(stderr, "bench_ccall: out of memory\n");
        rc = 1;
    } else if (!rt_cinstantiate(store, linker, comp, &b.inst, &trap)) {
        fprintf(stderr, "bench_ccall: instantiate %s: %s\n", path, trap.message);
        rc = 1;
    } else if (!run_all(&b, (uint32_t)runs)) {
        fprintf(stderr, "bench_ccall: %s\n", b.failure);
        rc = 1;
    }
    rt_cstore_free(store);
    rt_clinker_free(linker);
    comp_arena_free(&types);
    comp_arena_free(&b.arena);
    rt_component_free(comp);
    comp_buf_free(&bin);
    return rc;
}
