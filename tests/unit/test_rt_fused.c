/* The interpreter's fused instructions (superinstructions the translator
 * forms from common sequences, and the pairs and triples given one
 * handler): each must compute exactly what the wasm instructions it stands
 * for compute, trap where they trap, and report the offset of the
 * instruction that trapped. Expected values are computed here in C; the
 * fused forms are not visible through the API, so every case is also
 * written so that a missing fusion still passes (the spec suite covers the
 * plain forms). Also: trap reports name functions from the name section. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "comp/wat.h"
#include "rt/core.h"

typedef struct fixture {
    comp_arena arena;
    comp_module *m;
    rt_store *store;
    rt_module *module;
    rt_instance *inst;
} fixture;

static void load(fixture *f, const char *wat)
{
    comp_arena_init(&f->arena);
    comp_error err = {0};
    if (!comp_wat_parse_module(wat, strlen(wat), &f->arena, &f->m, &err))
        fail_msg("WAT: %s at %zu", err.message, err.offset);
    f->module = rt_module_new(f->m, COMP_FEATURES_DEFAULT, &err);
    if (!f->module)
        fail_msg("module: %s at %zu", err.message, err.offset);
    f->store = rt_store_new(NULL);
    assert_non_null(f->store);
    rt_trap trap;
    if (!rt_instantiate(f->store, f->module, NULL, 0, &f->inst, &trap))
        fail_msg("instantiate: %s", trap.message);
}

static void unload(fixture *f)
{
    rt_store_free(f->store);
    rt_module_free(f->module);
    comp_arena_free(&f->arena);
}

static bool call(fixture *f, const char *name, const rt_val *args, uint32_t n, rt_val *res,
                 uint32_t nres, rt_trap *trap)
{
    rt_func *fn = rt_instance_func(f->inst, name);
    if (!fn)
        fail_msg("no export %s", name);
    return rt_call(fn, args, n, res, nres, trap);
}

static uint32_t i32_of(fixture *f, const char *name, uint32_t a, uint32_t b)
{
    rt_val args[2] = {rt_val_i32(a), rt_val_i32(b)}, res;
    rt_trap trap;
    uint32_t np = rt_func_type(rt_instance_func(f->inst, name))->param_count;
    if (!call(f, name, args, np, &res, 1, &trap))
        fail_msg("%s trapped: %s", name, trap.message);
    return res.of.i32;
}

static uint64_t i64_of(fixture *f, const char *name, uint32_t a)
{
    rt_val arg = rt_val_i32(a), res;
    rt_trap trap;
    if (!call(f, name, &arg, 1, &res, 1, &trap))
        fail_msg("%s trapped: %s", name, trap.message);
    return res.of.i64;
}

static double f64_of(fixture *f, const char *name, double a, double b, double c)
{
    uint64_t bits[3];
    memcpy(&bits[0], &a, 8);
    memcpy(&bits[1], &b, 8);
    memcpy(&bits[2], &c, 8);
    rt_val args[3] = {rt_val_f64_bits(bits[0]), rt_val_f64_bits(bits[1]),
                      rt_val_f64_bits(bits[2])},
           res;
    rt_trap trap;
    uint32_t np = rt_func_type(rt_instance_func(f->inst, name))->param_count;
    if (!call(f, name, args, np, &res, 1, &trap))
        fail_msg("%s trapped: %s", name, trap.message);
    double d;
    memcpy(&d, &res.of.f64, 8);
    return d;
}

/* Calls `name` expecting an out-of-bounds trap; returns its offset. */
static size_t oob_offset(fixture *f, const char *name, uint32_t a, uint32_t b)
{
    rt_val args[2] = {rt_val_i32(a), rt_val_i32(b)}, res[2];
    rt_trap trap;
    uint32_t np = rt_func_type(rt_instance_func(f->inst, name))->param_count;
    assert_false(call(f, name, args, np, res, rt_func_type(rt_instance_func(f->inst, name))->result_count,
                      &trap));
    assert_int_equal(trap.kind, RT_TRAP_MEMORY_OOB);
    assert_true(trap.offset > 0);
    return trap.offset;
}

/* The offset of the first byte `opcode` in defined function `func`'s body
 * (the tests choose immediates that cannot be mistaken for it). */
static size_t opcode_offset(const fixture *f, uint32_t func, uint8_t opcode)
{
    const comp_code *c = &f->m->codes[func];
    const uint8_t *hit = memchr(c->body, opcode, c->len);
    assert_non_null(hit);
    return c->offset + (size_t)(hit - c->body);
}

static uint32_t rotl32(uint32_t x, unsigned k) { return (x << (k & 31)) | (x >> ((32 - k) & 31)); }

static const char *memory_wat =
    "(module (memory 1)"
    "  (data (i32.const 0) \"\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10"
    "\\11\\12\\13\\14\\15\\16\\17\\18\\19\\1a\\1b\\1c\\1d\\1e\\1f\\20\")"
    /* scaled index: (x << 2) + 8, offset 4 */
    "  (func (export \"load_si\") (param i32) (result i32)"
    "    local.get 0 i32.const 2 i32.shl i32.const 8 i32.add i32.load offset=4)"
    "  (func (export \"load8_si\") (param i32) (result i32)"
    "    local.get 0 i32.const 1 i32.shl i32.const 3 i32.add i32.load8_u)"
    "  (func (export \"store_si\") (param i32 i32) (result i32)"
    "    local.get 0 i32.const 3 i32.shl i32.const 64 i32.add local.get 1 i32.store offset=2"
    "    i32.const 66 local.get 0 i32.const 3 i32.shl i32.add i32.load)"
    /* a + (b << k) and (x << k) + imm as values */
    "  (func (export \"add_shl\") (param i32 i32) (result i32)"
    "    local.get 0 local.get 1 i32.const 5 i32.shl i32.add)"
    "  (func (export \"shl_add\") (param i32) (result i32)"
    "    local.get 0 i32.const 4 i32.shl i32.const -3 i32.add)"
    /* stores of constants, with and without an added address */
    "  (func (export \"store_k\") (param i32) (result i64)"
    "    local.get 0 i32.const 0xab i32.store8 offset=1"
    "    local.get 0 i32.const 8 i32.add i64.const 0x1122334455667788 i64.store offset=0"
    "    local.get 0 i32.const 16 i32.add f32.const -1.5 f32.store"
    "    local.get 0 i32.const 1 i32.add i32.load8_u i64.extend_i32_u"
    "    local.get 0 i64.load offset=8 i64.add"
    "    local.get 0 i32.const 16 i32.add i64.load32_u i64.add)"
    /* two loads, two stores, a load then a store: a trap in the second
     * one names the second one */
    "  (func (export \"load2\") (param i32 i32) (result i32) (local i32 i32)"
    "    local.get 0 i32.load local.set 2 local.get 1 i32.load local.set 3"
    "    local.get 2 local.get 3 i32.sub)"
    "  (func (export \"store2\") (param i32 i32) (result i32)"
    "    local.get 0 local.get 1 i32.store local.get 1 local.get 0 i32.store"
    "    local.get 0 i32.load local.get 1 i32.load i32.add)"
    "  (func (export \"load_store\") (param i32 i32) (result i32) (local i32)"
    "    local.get 0 i32.load local.set 2 local.get 1 local.get 2 i32.store"
    "    local.get 1 i32.load)"
    "  (func (export \"f64_load2\") (param i32 i32) (result f64) (local f64 f64)"
    "    local.get 0 f64.load local.set 2 local.get 1 f64.load local.set 3"
    "    local.get 2 local.get 3 f64.sub)"
    "  )";

static void scaled_index_and_constant_stores(void **state)
{
    (void)state;
    fixture f;
    load(&f, memory_wat);
    /* bytes 4i+12 .. 4i+15 hold 4i+13 .. 4i+16 */
    assert_int_equal(i32_of(&f, "load_si", 0, 0), 0x100f0e0du);
    assert_int_equal(i32_of(&f, "load_si", 1, 0), 0x14131211u);
    /* (x << 2) wraps at 32 bits: 0x40000000 << 2 is 0 */
    assert_int_equal(i32_of(&f, "load_si", 0x40000000u, 0), 0x100f0e0du);
    assert_int_equal(i32_of(&f, "load8_si", 5, 0), 14);
    assert_int_equal(i32_of(&f, "load8_si", 0x80000005u, 0), 14);
    /* (x << 2) + 8 + 4 past the end of the one page */
    size_t at = oob_offset(&f, "load_si", 0x3ffffu, 0);
    assert_int_equal(oob_offset(&f, "load_si", 0x3fff0000u, 0), at);
    assert_int_equal(i32_of(&f, "store_si", 3, 0xdeadbeefu), 0xdeadbeefu);
    assert_int_equal(i32_of(&f, "add_shl", 7, 3), 7 + (3u << 5));
    assert_int_equal(i32_of(&f, "add_shl", 1, 0xffffffffu), 1 + (0xffffffffu << 5));
    assert_int_equal(i32_of(&f, "shl_add", 0x10000001u, 0), (0x10000001u << 4) - 3);

    uint32_t minus_1_5 = 0xbfc00000u;
    assert_true(i64_of(&f, "store_k", 256) == 0xab + 0x1122334455667788u + minus_1_5);
    unload(&f);
}

static void pairs_trap_at_the_instruction_that_traps(void **state)
{
    (void)state;
    fixture f;
    load(&f, memory_wat);
    const uint32_t bad = 70000;
    assert_int_equal(i32_of(&f, "load2", 4, 0), 0x08070605u - 0x04030201u);
    /* local.set 2, local.get 1 (2 bytes each) and the load's 3 bytes lie
     * between the two loads */
    size_t first = oob_offset(&f, "load2", bad, 0);
    assert_int_equal(oob_offset(&f, "load2", 0, bad), first + 7);

    assert_int_equal(i32_of(&f, "store2", 100, 200), 300);
    first = oob_offset(&f, "store2", bad, 0);
    assert_int_equal(oob_offset(&f, "store2", 0, bad), first + 7);

    assert_int_equal(i32_of(&f, "load_store", 4, 300), 0x08070605u);
    first = oob_offset(&f, "load_store", bad, 0);
    assert_int_equal(oob_offset(&f, "load_store", 0, bad), first + 9);

    first = oob_offset(&f, "f64_load2", bad, 0);
    assert_int_equal(oob_offset(&f, "f64_load2", 0, bad), first + 7);
    unload(&f);
}

static void multiply_add_to_memory(void **state)
{
    (void)state;
    fixture f;
    /* x = {1.5, -4}, y = {0.25, 3}: x += 2 * y, one element at a time as
     * an unrolled loop does (mul, add to memory, step). */
    double x[2] = {1.5, -4}, y[2] = {0.25, 3};
    rt_trap trap;
    char wat[2048];
    uint64_t xb[2], yb[2];
    memcpy(xb, x, sizeof xb);
    memcpy(yb, y, sizeof yb);
    snprintf(wat, sizeof wat,
             "(module (memory (export \"memory\") 1)"
             "  (func (export \"init\")"
             "    i32.const 512 i64.const %lld i64.store i32.const 520 i64.const %lld i64.store"
             "    i32.const 1024 i64.const %lld i64.store i32.const 1032 i64.const %lld i64.store)"
             "  (func (export \"axpy\") (param i32 i32) (result i32) (local f64)"
             "    f64.const 2 local.set 2"
             "    local.get 0 local.get 2 local.get 1 f64.load f64.mul local.get 0 f64.load f64.add f64.store"
             "    local.get 0 i32.const 8 i32.add local.set 0"
             "    local.get 0 local.get 2 local.get 1 i32.const 8 i32.add f64.load f64.mul"
             "    local.get 0 f64.load f64.add f64.store"
             "    local.get 1 i32.const 16 i32.add local.set 1"
             "    local.get 0 local.get 1 i32.add)"
             "  (func (export \"x\") (param i32) (result f64) local.get 0 f64.load))",
             (long long)xb[0], (long long)xb[1], (long long)yb[0], (long long)yb[1]);
    load(&f, wat);
    assert_true(call(&f, "init", NULL, 0, NULL, 0, &trap));
    assert_int_equal(i32_of(&f, "axpy", 512, 1024), 520 + 1040);
    rt_val a = rt_val_i32(512), r;
    assert_true(call(&f, "x", &a, 1, &r, 1, &trap));
    double got;
    memcpy(&got, &r.of.f64, 8);
    assert_true(got == x[0] + 2 * y[0]);
    a = rt_val_i32(520);
    assert_true(call(&f, "x", &a, 1, &r, 1, &trap));
    memcpy(&got, &r.of.f64, 8);
    assert_true(got == x[1] + 2 * y[1]);
    /* the second element's store is out of bounds: the trap names the
     * add (its load), after the first element's */
    size_t second = oob_offset(&f, "axpy", 65536 - 8, 1024);
    size_t first = oob_offset(&f, "axpy", 65536, 1024);
    assert_true(second > first);
    unload(&f);
}

static void float_nests_round_twice(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (func (export \"add_mul\") (param f64 f64 f64) (result f64)"
         "    local.get 0 local.get 1 local.get 2 f64.mul f64.add)"
         "  (func (export \"mul_add_left\") (param f64 f64 f64) (result f64)"
         "    local.get 1 local.get 2 f64.mul local.get 0 f64.add)"
         "  (func (export \"sub_mul\") (param f64 f64 f64) (result f64)"
         "    local.get 0 local.get 1 local.get 2 f64.mul f64.sub)"
         "  (func (export \"mul_sub_left\") (param f64 f64 f64) (result f64)"
         "    local.get 1 local.get 2 f64.mul local.get 0 f64.sub)"
         "  (func (export \"add_sub\") (param f64 f64 f64) (result f64)"
         "    local.get 0 local.get 1 local.get 2 f64.sub f64.add)"
         "  (func (export \"mul_add\") (param f64 f64 f64) (result f64)"
         "    local.get 0 local.get 1 local.get 2 f64.add f64.mul)"
         "  (func (export \"mul_mul\") (param f64 f64 f64) (result f64)"
         "    local.get 1 local.get 2 f64.mul local.get 0 f64.mul)"
         "  (func (export \"le_ri\") (param f64 f64 f64) (result f64)"
         "    block local.get 0 f64.const 4 f64.le br_if 0 f64.const 1 return end f64.const 2)"
         "  (func (export \"gt\") (param f64 f64 f64) (result f64)"
         "    block local.get 0 local.get 1 f64.gt br_if 0 f64.const 1 return end f64.const 2))");
    /* b * c = 1 + 2^-29 + 2^-60 rounds to 1 + 2^-29: with two roundings
     * a + b * c is 0; a fused multiply-add would give 2^-60. */
    double b = 1 + ldexp(1, -30), a = -(1 + ldexp(1, -29));
    assert_true(f64_of(&f, "add_mul", a, b, b) == 0.0);
    assert_true(f64_of(&f, "mul_add_left", a, b, b) == 0.0);
    assert_true(f64_of(&f, "sub_mul", -a, b, b) == 0.0);
    assert_true(f64_of(&f, "mul_sub_left", -a, b, b) == 0.0);
    assert_true(f64_of(&f, "sub_mul", 10, 2, 3) == 4);
    assert_true(f64_of(&f, "mul_sub_left", 10, 2, 3) == -4);
    assert_true(f64_of(&f, "add_sub", 1, 5, 2) == 4);
    assert_true(f64_of(&f, "mul_add", 3, 1, 2) == 9);
    assert_true(f64_of(&f, "mul_mul", 3, 5, 7) == 105);
    assert_true(isnan(f64_of(&f, "add_mul", 1, INFINITY, 0)));
    /* comparisons with NaN are false: not taken */
    assert_true(f64_of(&f, "le_ri", 4, 0, 0) == 2);
    assert_true(f64_of(&f, "le_ri", 4.5, 0, 0) == 1);
    assert_true(f64_of(&f, "le_ri", NAN, 0, 0) == 1);
    assert_true(f64_of(&f, "gt", 2, 1, 0) == 2);
    assert_true(f64_of(&f, "gt", 1, 2, 0) == 1);
    assert_true(f64_of(&f, "gt", NAN, 1, 0) == 1);
    unload(&f);
}

static void integer_pairs_and_chains(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         /* Σ0 of SHA-256 and σ0 of its message schedule */
         "  (func (export \"big_sigma\") (param i32) (result i32)"
         "    local.get 0 i32.const 30 i32.rotl local.get 0 i32.const 19 i32.rotl i32.xor"
         "    local.get 0 i32.const 10 i32.rotl i32.xor)"
         "  (func (export \"small_sigma\") (param i32) (result i32)"
         "    local.get 0 i32.const 25 i32.rotl local.get 0 i32.const 14 i32.rotl i32.xor"
         "    local.get 0 i32.const 3 i32.shr_u i32.xor)"
         "  (func (export \"rot_pair\") (param i32 i32) (result i32)"
         "    local.get 0 i32.const 7 i32.rotl local.get 1 i32.const 9 i32.rotl i32.xor)"
         /* counters stepped together; a + b + c; counted loops */
         "  (func (export \"steps\") (param i32 i32) (result i32)"
         "    local.get 0 i32.const 3 i32.add local.set 0"
         "    local.get 1 i32.const -5 i32.add local.set 1"
         "    local.get 0 local.get 1 i32.mul)"
         "  (func (export \"sum3\") (param i32 i32) (result i32) (local i32 i32)"
         "    local.get 0 local.get 1 i32.add local.set 2"
         "    local.get 2 local.get 0 i32.add local.set 3 local.get 3 local.get 2 i32.mul)"
         "  (func (export \"count_ne\") (param i32 i32) (result i32) (local i32)"
         "    loop local.get 2 local.get 0 i32.add local.set 2"
         "      local.get 0 i32.const 1 i32.add local.tee 0 local.get 1 i32.ne br_if 0 end"
         "    local.get 2)"
         "  (func (export \"count_lt_s\") (param i32 i32) (result i32) (local i32)"
         "    loop local.get 2 local.get 0 i32.add local.set 2"
         "      local.get 0 i32.const 2 i32.add local.tee 0 local.get 1 i32.lt_s br_if 0 end"
         "    local.get 2)"
         "  (func (export \"count_step\") (param i32 i32) (result i32) (local i32 i32)"
         "    i32.const 100 local.set 3"
         "    loop local.get 2 i32.const 7 i32.add local.set 2"
         "      local.get 0 local.get 1 i32.add local.tee 0 local.get 3 i32.lt_u br_if 0 end"
         "    local.get 2 local.get 0 i32.add)"
         "  (func (export \"countdown\") (param i32) (result i32) (local i32)"
         "    loop local.get 1 i32.const 2 i32.add local.set 1"
         "      local.get 0 i32.const -1 i32.add local.tee 0 br_if 0 end"
         "    local.get 1))");
    uint32_t xs[] = {0, 1, 0x6a09e667u, 0xffffffffu, 0x80000000u};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        uint32_t x = xs[i];
        assert_int_equal(i32_of(&f, "big_sigma", x, 0), rotl32(x, 30) ^ rotl32(x, 19) ^ rotl32(x, 10));
        assert_int_equal(i32_of(&f, "small_sigma", x, 0), rotl32(x, 25) ^ rotl32(x, 14) ^ (x >> 3));
        assert_int_equal(i32_of(&f, "rot_pair", x, ~x), rotl32(x, 7) ^ rotl32(~x, 9));
    }
    assert_int_equal(i32_of(&f, "steps", 4, 2), 7u * (uint32_t)-3);
    assert_int_equal(i32_of(&f, "sum3", 5, 6), (11 + 5) * 11);
    assert_int_equal(i32_of(&f, "count_ne", 0, 10), 45);
    assert_int_equal(i32_of(&f, "count_lt_s", (uint32_t)-9, 4), (uint32_t)-21);
    assert_int_equal(i32_of(&f, "count_step", 1, 9), 7 * 11 + 100);
    assert_int_equal(i32_of(&f, "countdown", 6, 0), 12);
    unload(&f);
}

static void calls_returns_and_arguments(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (func $pick (param i32 i32 i32) (result i32)"
         "    local.get 0 i32.const 100 i32.mul local.get 1 i32.const 10 i32.mul i32.add"
         "    local.get 2 i32.add)"
         /* arguments from locals, a constant and a computed value */
         "  (func (export \"args\") (param i32 i32) (result i32)"
         "    local.get 1 i32.const 7 local.get 0 i32.const 1 i32.add call $pick)"
         "  (func (export \"args_swapped\") (param i32 i32) (result i32)"
         "    local.get 1 local.get 0 local.get 1 call $pick)"
         /* a constant result; a local returned at the end; a branch to
          * the end carrying a value */
         "  (func (export \"const\") (param i32 i32) (result i32) i32.const -7)"
         "  (func (export \"local_at_end\") (param i32 i32) (result i32) (local i32)"
         "    local.get 0 local.set 2 local.get 1 local.set 0 local.get 2)"
         "  (func (export \"branch_to_end\") (param i32 i32) (result i32)"
         "    local.get 0 local.get 0 br_if 0 drop local.get 1)"
         "  (func $two (param i32) (result i32 i32) local.get 0 local.get 0 i32.const 1 i32.add)"
         "  (func (export \"multi\") (param i32 i32) (result i32)"
         "    local.get 0 call $two i32.sub)"
         "  (func $fib (param i32) (result i32)"
         "    local.get 0 i32.const 2 i32.lt_u if local.get 0 return end"
         "    local.get 0 i32.const -1 i32.add call $fib local.get 0 i32.const -2 i32.add call $fib i32.add)"
         "  (func (export \"fib\") (param i32 i32) (result i32) local.get 0 call $fib))");
    assert_int_equal(i32_of(&f, "args", 4, 9), 970 + 5);
    assert_int_equal(i32_of(&f, "args_swapped", 1, 2), 212);
    assert_int_equal(i32_of(&f, "const", 0, 0), (uint32_t)-7);
    assert_int_equal(i32_of(&f, "local_at_end", 11, 22), 11);
    assert_int_equal(i32_of(&f, "branch_to_end", 5, 9), 5);
    assert_int_equal(i32_of(&f, "branch_to_end", 0, 9), 9);
    assert_int_equal(i32_of(&f, "multi", 41, 0), (uint32_t)-1);
    assert_int_equal(i32_of(&f, "fib", 20, 0), 6765);

    /* Fuel is still charged one unit per call and back-edge, exactly. */
    rt_store_set_fuel(f.store, 100000);
    assert_int_equal(i32_of(&f, "fib", 10, 0), 55);
    /* fib(10) makes 177 calls of $fib, plus the exported function's */
    assert_true(rt_store_fuel(f.store) == 100000 - 178);
    rt_store_set_fuel(f.store, 100);
    rt_val a[2] = {rt_val_i32(20), rt_val_i32(0)}, r;
    rt_trap trap;
    assert_false(call(&f, "fib", a, 2, &r, 1, &trap));
    assert_int_equal(trap.kind, RT_TRAP_OUT_OF_FUEL);
    assert_true(rt_store_fuel(f.store) == 0);
    rt_store_set_fuel(f.store, RT_FUEL_UNLIMITED);
    unload(&f);
}

static void generic_pairs(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module (memory 1)"
         /* an address computed into a local, then loaded from */
         "  (func (export \"index_then_load\") (param i32 i32) (result i32) (local i32)"
         "    local.get 0 i32.const 2 i32.shl i32.const 16 i32.add local.set 2"
         "    local.get 2 i32.load)"
         /* a branch, then constants (not taken: both run) */
         "  (func (export \"branch_then_const\") (param i32 i32) (result i32) (local i32 i32)"
         "    block local.get 0 br_if 0 i32.const 3 local.set 2 i32.const 4 local.set 3 end"
         "    local.get 2 local.get 3 i32.add)"
         /* a loop that counts down with a float test at its end */
         "  (func (export \"float_loop\") (param i32 i32) (result i32) (local f64 f64)"
         "    loop local.get 0 i32.const 1 i32.add local.set 0"
         "      local.get 2 f64.const 2.5 f64.add local.set 3 local.get 3 local.set 2"
         "      local.get 2 f64.const 10 f64.le br_if 0 end"
         "    local.get 0))");
    assert_int_equal(i32_of(&f, "index_then_load", 1, 0), 0);
    size_t load_at = opcode_offset(&f, 0, 0x28);
    rt_val args[2] = {rt_val_i32(20000), rt_val_i32(0)}, r;
    rt_trap trap;
    assert_false(call(&f, "index_then_load", args, 2, &r, 1, &trap));
    assert_int_equal(trap.kind, RT_TRAP_MEMORY_OOB);
    assert_int_equal(trap.offset, load_at);

    assert_int_equal(i32_of(&f, "branch_then_const", 0, 0), 7);
    assert_int_equal(i32_of(&f, "branch_then_const", 1, 0), 0);
    /* steps of 2.5 reach 10 exactly (taken), then 12.5 */
    assert_int_equal(i32_of(&f, "float_loop", 0, 0), 5);
    unload(&f);
}

/* The escape-time iteration of a Mandelbrot set point, as the benchmark
 * program is compiled: every step feeds the next. */
static uint32_t escape_steps(double cr, double ci)
{
    double zr = 0, zi = 0, tr = 0, ti = 0;
    uint32_t i = 0;
    for (; i < 50 && tr + ti <= 4.0; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
    }
    return i;
}

static void chained_pairs(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module (memory 1)"
         "  (data (i32.const 0) \"\\05\\04\\03\\02\\01\\00\\07\")"
         "  (func (export \"escape\") (param f64 f64 f64) (result f64)"
         "    (local $zr f64) (local $zi f64) (local $tr f64) (local $ti f64) (local $i i32)"
         "    block loop"
         "      local.get $tr local.get $ti f64.add f64.const 4 f64.gt br_if 1"
         "      local.get $i i32.const 50 i32.ge_u br_if 1"
         "      local.get 1 local.get $zi local.get $zr local.get $zr f64.add f64.mul f64.add local.set $zi"
         "      local.get 0 local.get $tr local.get $ti f64.sub f64.add local.tee $zr local.get $zr f64.mul"
         "      local.set $tr"
         "      local.get $zi local.get $zi f64.mul local.set $ti"
         "      local.get $i i32.const 1 i32.add local.set $i br 0 end end"
         "    local.get $i f64.convert_i32_u)"
         /* a load tested at once; a sum tested against a constant */
         "  (func (export \"first_zero\") (param i32 i32) (result i32)"
         "    loop local.get 0 i32.const 1 i32.add local.set 0"
         "      local.get 0 i32.const -1 i32.add i32.load8_u br_if 0 end local.get 0)"
         "  (func (export \"until\") (param i32 i32) (result i32)"
         "    loop local.get 0 local.get 1 i32.add local.tee 0 i32.const 50 i32.ne br_if 0 end"
         "    local.get 0)"
         "  (func (export \"andn\") (param i32 i32) (result i32)"
         "    local.get 1 local.get 0 local.get 1 i32.const -1 i32.xor i32.and i32.add)"
         "  (func (export \"min_u\") (param i32 i32) (result i32)"
         "    local.get 0 local.get 1 local.get 0 local.get 1 i32.lt_u select)"
         "  (func (export \"half_diff\") (param i32 i32) (result i32)"
         "    local.get 0 local.get 1 i32.sub i32.const 1 i32.shr_u)"
         /* n-body's step: 0.01 / (d2 * sqrt(d2)), d2 = x*x + y*y + z*z */
         "  (func (export \"mag\") (param f64 f64 f64) (result f64) (local f64 f64)"
         "    local.get 0 local.get 0 f64.mul local.set 3"
         "    local.get 1 local.get 1 f64.mul local.set 4"
         "    local.get 4 local.get 2 local.get 2 f64.mul f64.add local.get 3 f64.add local.tee 3"
         "    local.get 3 f64.sqrt f64.mul local.set 4 f64.const 0.01 local.get 4 f64.div))");
    double points[][2] = {{-0.5, 0.5}, {0.3, 0.5}, {-1.2, 0.1}, {0.26, 0}, {-2, 0}, {1, 1}};
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++)
        assert_true(f64_of(&f, "escape", points[i][0], points[i][1], 0) ==
                    (double)escape_steps(points[i][0], points[i][1]));
    assert_int_equal(i32_of(&f, "first_zero", 0, 0), 6);
    assert_int_equal(i32_of(&f, "until", 5, 5), 50);
    assert_int_equal(i32_of(&f, "andn", 0xf0f0u, 0x0ff0u), 0x0ff0u + (0xf0f0u & ~0x0ff0u));
    assert_int_equal(i32_of(&f, "min_u", 7, 3), 3);
    assert_int_equal(i32_of(&f, "min_u", 3, 7), 3);
    assert_int_equal(i32_of(&f, "half_diff", 3, 7), (3u - 7u) >> 1);
    double v[][3] = {{0.3, -1.25, 2}, {1e-3, 7, -0.5}, {-4, 0, 0}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        double d2 = v[i][0] * v[i][0];
        double y2 = v[i][1] * v[i][1];
        d2 = (y2 + v[i][2] * v[i][2]) + d2;
        double want = 0.01 / (d2 * sqrt(d2));
        assert_true(f64_of(&f, "mag", v[i][0], v[i][1], v[i][2]) == want);
    }
    unload(&f);
}

static void traps_name_functions_from_the_name_section(void **state)
{
    (void)state;
    fixture f;
    load(&f,
         "(module"
         "  (func $inner_helper (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)"
         "  (func (export \"outer\") (param i32) (result i32) local.get 0 call $inner_helper)"
         "  (func (export \"exported\") unreachable)"
         "  (func $named (export \"renamed\") unreachable))");
    rt_val a = rt_val_i32(1), r;
    rt_trap trap;
    assert_false(call(&f, "outer", &a, 1, &r, 1, &trap));
    assert_int_equal(trap.kind, RT_TRAP_INT_DIV_ZERO);
    assert_string_equal(trap.func_name, "inner_helper");
    assert_int_equal(trap.func_index, 0);
    assert_false(call(&f, "exported", NULL, 0, NULL, 0, &trap));
    assert_string_equal(trap.func_name, "exported");
    assert_false(call(&f, "renamed", NULL, 0, NULL, 0, &trap));
    assert_string_equal(trap.func_name, "named");
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scaled_index_and_constant_stores),
        cmocka_unit_test(pairs_trap_at_the_instruction_that_traps),
        cmocka_unit_test(multiply_add_to_memory),
        cmocka_unit_test(float_nests_round_twice),
        cmocka_unit_test(integer_pairs_and_chains),
        cmocka_unit_test(calls_returns_and_arguments),
        cmocka_unit_test(generic_pairs),
        cmocka_unit_test(chained_pairs),
        cmocka_unit_test(traps_name_functions_from_the_name_section),
    };
    return unit_run("rt_fused", tests);
}
