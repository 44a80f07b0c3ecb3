/* The SIMD operations of runtime/src/core/simd_ops.h: edge cases by hand,
 * then the spec suite's simd .wast files checked directly against the functions.
 * For the second part a tiny evaluator runs each invoked export whose body
 * is straight-line code (locals, constants, SIMD instructions, memory
 * access) and compares with the script's assert_return / assert_trap. */
#include "unit.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/module.h"
#include "comp/wast.h"
#include "core/insn.h"
#include "core/simd_ops.h"
#include "reader.h"

#define SIMD_SUITE "../shared/conformance/core-spec/simd"

/* ---- building and comparing vectors ------------------------------------------------ */

static rt_v128 u8x16(const uint8_t b[16]) { return simd_from_bytes(b); }

static rt_v128 u16x8(uint16_t a, uint16_t b, uint16_t c, uint16_t d, uint16_t e, uint16_t f,
                     uint16_t g, uint16_t h)
{
    uint16_t x[8] = {a, b, c, d, e, f, g, h};
    return simd_from_u16(x);
}

static rt_v128 u32x4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t x[4] = {a, b, c, d};
    return simd_from_u32(x);
}

static rt_v128 u64x2(uint64_t a, uint64_t b)
{
    uint64_t x[2] = {a, b};
    return simd_from_u64(x);
}

static rt_v128 f32x4(float a, float b, float c, float d)
{
    float x[4] = {a, b, c, d};
    return simd_from_f32(x);
}

static rt_v128 f64x2(double a, double b)
{
    double x[2] = {a, b};
    return simd_from_f64(x);
}

#define assert_v128_equal(got, want)                                        \
    do {                                                                    \
        rt_v128 got_ = (got), want_ = (want);                               \
        assert_memory_equal(&got_, &want_, 16);                             \
    } while (0)

/* ---- hand-written edge cases ---------------------------------------------------------- */

static void layout_is_little_endian(void **state)
{
    (void)state;
    rt_v128 v = u32x4(0x04030201u, 0x08070605u, 0x0c0b0a09u, 0x100f0e0du);
    uint8_t b[16];
    simd_bytes(v, b);
    for (int i = 0; i < 16; i++)
        assert_int_equal(b[i], i + 1);
    assert_int_equal(simd_i16x8_extract_lane_u(v, 1), 0x0403);
    assert_int_equal(simd_i64x2_extract_lane(v, 1), 0x100f0e0d0c0b0a09u);
}

static void shift_counts_wrap_at_lane_width(void **state)
{
    (void)state;
    rt_v128 ones = simd_i8x16_splat(1);
    assert_v128_equal(simd_i8x16_shl(ones, 9), simd_i8x16_splat(2));
    assert_v128_equal(simd_i8x16_shr_s(simd_i8x16_splat(0x80), 7 + 8 * 100),
                      simd_i8x16_splat(0xff));
    assert_v128_equal(simd_i16x8_shr_u(simd_i16x8_splat(0x8000), 31), simd_i16x8_splat(1));
    assert_v128_equal(simd_i32x4_shr_s(simd_i32x4_splat(0x80000000u), 0xffffffffu),
                      simd_i32x4_splat(0xffffffffu));
    assert_v128_equal(simd_i64x2_shl(simd_i64x2_splat(1), 64 + 63),
                      simd_i64x2_splat(0x8000000000000000u));
    assert_v128_equal(simd_i64x2_shr_s(simd_i64x2_splat(0x8000000000000000u), 62),
                      simd_i64x2_splat(0xfffffffffffffffeu));
}

static void saturation_and_wrapping(void **state)
{
    (void)state;
    assert_v128_equal(simd_i8x16_add_sat_s(simd_i8x16_splat(100), simd_i8x16_splat(100)),
                      simd_i8x16_splat(127));
    assert_v128_equal(simd_i8x16_sub_sat_s(simd_i8x16_splat(0x80), simd_i8x16_splat(1)),
                      simd_i8x16_splat(0x80));
    assert_v128_equal(simd_i16x8_sub_sat_u(simd_i16x8_splat(1), simd_i16x8_splat(2)),
                      simd_i16x8_splat(0));
    assert_v128_equal(simd_i16x8_mul(simd_i16x8_splat(0xffff), simd_i16x8_splat(0xffff)),
                      simd_i16x8_splat(1));
    assert_v128_equal(simd_i8x16_abs(simd_i8x16_splat(0x80)), simd_i8x16_splat(0x80));
    assert_v128_equal(simd_i64x2_neg(u64x2(0x8000000000000000u, 1)),
                      u64x2(0x8000000000000000u, 0xffffffffffffffffu));
    /* q15mulr: the one overflowing product saturates; rounding is half up. */
    assert_v128_equal(simd_i16x8_q15mulr_sat_s(simd_i16x8_splat(0x8000), simd_i16x8_splat(0x8000)),
                      simd_i16x8_splat(0x7fff));
    assert_v128_equal(simd_i16x8_q15mulr_sat_s(simd_i16x8_splat(0xffff), simd_i16x8_splat(0x4000)),
                      simd_i16x8_splat(0));
    assert_v128_equal(simd_i16x8_q15mulr_sat_s(simd_i16x8_splat(0xfffd), simd_i16x8_splat(0x4000)),
                      simd_i16x8_splat(0xffff));
    /* dot: four -32768 products wrap to INT32_MIN. */
    assert_v128_equal(simd_i32x4_dot_i16x8_s(simd_i16x8_splat(0x8000), simd_i16x8_splat(0x8000)),
                      simd_i32x4_splat(0x80000000u));
    assert_v128_equal(simd_i8x16_avgr_u(simd_i8x16_splat(255), simd_i8x16_splat(254)),
                      simd_i8x16_splat(255));
}

static void narrow_extend_extmul(void **state)
{
    (void)state;
    rt_v128 a = u16x8(0x7fff, 0x8000, 0x0080, 0xff7f, 0x00ff, 0x0100, 0xffff, 0);
    uint8_t s[16] = {0x7f, 0x80, 0x7f, 0x80, 0x7f, 0x7f, 0xff, 0};
    uint8_t u[16] = {0xff, 0, 0x80, 0, 0xff, 0xff, 0, 0};
    memcpy(s + 8, s, 8);
    memcpy(u + 8, u, 8);
    assert_v128_equal(simd_i8x16_narrow_i16x8_s(a, a), u8x16(s));
    assert_v128_equal(simd_i8x16_narrow_i16x8_u(a, a), u8x16(u));
    assert_v128_equal(simd_i16x8_narrow_i32x4_u(u32x4(0x10000, 0xffffffffu, 5, 0x8000), u32x4(0, 0, 0, 0)),
                      u16x8(0xffff, 0, 5, 0x8000, 0, 0, 0, 0));
    assert_v128_equal(simd_i32x4_extend_high_i16x8_s(a), u32x4(0xff, 0x100, 0xffffffffu, 0));
    assert_v128_equal(simd_i64x2_extend_low_i32x4_u(u32x4(0xffffffffu, 2, 3, 4)), u64x2(0xffffffffu, 2));
    assert_v128_equal(simd_i64x2_extmul_high_i32x4_s(u32x4(0, 0, 0x80000000u, 0xffffffffu),
                                                     u32x4(0, 0, 0x80000000u, 7)),
                      u64x2(0x4000000000000000u, 0xfffffffffffffff9u));
    assert_v128_equal(simd_i32x4_extmul_low_i16x8_u(simd_i16x8_splat(0xffff), simd_i16x8_splat(0xffff)),
                      simd_i32x4_splat(0xfffe0001u));
    assert_v128_equal(simd_i16x8_extadd_pairwise_i8x16_s(simd_i8x16_splat(0x80)), simd_i16x8_splat(0xff00));
    assert_v128_equal(simd_i32x4_extadd_pairwise_i16x8_u(simd_i16x8_splat(0xffff)),
                      simd_i32x4_splat(0x1fffe));
}

static void float_min_max_and_zero_signs(void **state)
{
    (void)state;
    rt_v128 z = f32x4(0.0f, -0.0f, 1.0f, -INFINITY);
    rt_v128 w = f32x4(-0.0f, 0.0f, NAN, 2.0f);
    uint32_t minb[4], maxb[4];
    simd_u32(simd_f32x4_min(z, w), minb);
    simd_u32(simd_f32x4_max(z, w), maxb);
    assert_int_equal(minb[0], 0x80000000u);
    assert_int_equal(minb[1], 0x80000000u);
    assert_true((minb[2] & 0x7fc00000u) == 0x7fc00000u);
    assert_int_equal(minb[3], 0xff800000u);
    assert_int_equal(maxb[0], 0);
    assert_int_equal(maxb[1], 0);
    assert_true((maxb[2] & 0x7fc00000u) == 0x7fc00000u);
    assert_int_equal(maxb[3], 0x40000000u);
    /* pmin/pmax return the first operand unless the comparison holds. */
    simd_u32(simd_f32x4_pmin(z, w), minb);
    assert_int_equal(minb[0], 0);
    assert_int_equal(minb[2], 0x3f800000u);
    uint64_t d[2];
    simd_u64(simd_f64x2_min(f64x2(0.0, 3.0), f64x2(-0.0, -3.0)), d);
    assert_true(d[0] == 0x8000000000000000u);
    simd_u64(simd_f64x2_max(f64x2(-0.0, 3.0), f64x2(0.0, -3.0)), d);
    assert_true(d[0] == 0 && d[1] == 0x4008000000000000u);
    /* abs and neg keep NaN payloads. */
    assert_v128_equal(simd_f32x4_neg(simd_i32x4_splat(0x7fa00001u)), simd_i32x4_splat(0xffa00001u));
    assert_v128_equal(simd_f64x2_abs(simd_i64x2_splat(0xfff0000000000001u)),
                      simd_i64x2_splat(0x7ff0000000000001u));
}

static void rounding(void **state)
{
    (void)state;
    assert_v128_equal(simd_f32x4_nearest(f32x4(2.5f, -0.5f, 3.5f, -1.5f)), f32x4(2.0f, -0.0f, 4.0f, -2.0f));
    assert_v128_equal(simd_f64x2_ceil(f64x2(-0.5, 1.25)), f64x2(-0.0, 2.0));
    assert_v128_equal(simd_f64x2_floor(f64x2(-0.5, 1.25)), f64x2(-1.0, 1.0));
    assert_v128_equal(simd_f32x4_trunc(f32x4(-1.9f, 1.9f, 0.0f, 8388609.0f)),
                      f32x4(-1.0f, 1.0f, 0.0f, 8388609.0f));
}

static void conversions_saturate(void **state)
{
    (void)state;
    assert_v128_equal(simd_i32x4_trunc_sat_f32x4_s(f32x4(NAN, 3e9f, -3e9f, -1.9f)),
                      u32x4(0, 0x7fffffffu, 0x80000000u, 0xffffffffu));
    assert_v128_equal(simd_i32x4_trunc_sat_f32x4_u(f32x4(NAN, 5e9f, -0.9f, 4294967040.0f)),
                      u32x4(0, 0xffffffffu, 0, 4294967040u));
    assert_v128_equal(simd_i32x4_trunc_sat_f64x2_s_zero(f64x2(-2147483648.9, 2147483647.9)),
                      u32x4(0x80000000u, 0x7fffffffu, 0, 0));
    assert_v128_equal(simd_i32x4_trunc_sat_f64x2_u_zero(f64x2(-1.0, 4294967295.9)),
                      u32x4(0, 0xffffffffu, 0, 0));
    assert_v128_equal(simd_f32x4_convert_i32x4_u(u32x4(0xffffffffu, 16777217u, 0, 1)),
                      f32x4(4294967296.0f, 16777216.0f, 0.0f, 1.0f));
    assert_v128_equal(simd_f32x4_convert_i32x4_s(u32x4(0x80000000u, 0xffffffffu, 0, 1)),
                      f32x4(-2147483648.0f, -1.0f, 0.0f, 1.0f));
    assert_v128_equal(simd_f64x2_convert_low_i32x4_s(u32x4(0x80000000u, 0xffffffffu, 7, 7)),
                      f64x2(-2147483648.0, -1.0));
    assert_v128_equal(simd_f64x2_convert_low_i32x4_u(u32x4(0x80000000u, 0xffffffffu, 7, 7)),
                      f64x2(2147483648.0, 4294967295.0));
    assert_v128_equal(simd_f32x4_demote_f64x2_zero(f64x2(1e300, 0.1)), f32x4(INFINITY, 0.1f, 0.0f, 0.0f));
    assert_v128_equal(simd_f64x2_promote_low_f32x4(f32x4(0.1f, -0.0f, 5.0f, 5.0f)), f64x2(0.1f, -0.0));
}

static void masks_and_tests(void **state)
{
    (void)state;
    uint8_t b[16] = {0x80, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81};
    assert_int_equal(simd_i8x16_bitmask(u8x16(b)), 0x8005);
    assert_int_equal(simd_i16x8_bitmask(u8x16(b)), 0x80);
    assert_int_equal(simd_i32x4_bitmask(u32x4(0x80000000u, 1, 0xffffffffu, 0)), 5);
    assert_int_equal(simd_i64x2_bitmask(u64x2(1, 0x8000000000000000u)), 2);
    assert_int_equal(simd_v128_any_true(u64x2(0, 0)), 0);
    assert_int_equal(simd_v128_any_true(u64x2(0, 1u << 20)), 1);
    assert_int_equal(simd_i8x16_all_true(u8x16(b)), 0);
    assert_int_equal(simd_i16x8_all_true(simd_i16x8_splat(0x0100)), 1);
    assert_int_equal(simd_i64x2_all_true(u64x2(1, 0)), 0);
    assert_v128_equal(simd_v128_bitselect(u64x2(0xffff, 0), u64x2(0xff00ff, 3), u64x2(0xf0f0, 1)),
                      u64x2(0xfff0ff, 2));
    assert_v128_equal(simd_v128_andnot(u64x2(0xff, 0xff), u64x2(0x0f, 0)), u64x2(0xf0, 0xff));
}

static void swizzle_shuffle_lanes(void **state)
{
    (void)state;
    uint8_t a[16], b[16], idx[16], want[16];
    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)(i + 100);
        b[i] = (uint8_t)(i + 200);
        idx[i] = (uint8_t)(15 - i);
    }
    idx[0] = 16;
    idx[1] = 255;
    for (int i = 0; i < 16; i++)
        want[i] = i < 2 ? 0 : a[15 - i];
    assert_v128_equal(simd_i8x16_swizzle(u8x16(a), u8x16(idx)), u8x16(want));
    uint8_t lanes[16];
    for (int i = 0; i < 16; i++) {
        lanes[i] = (uint8_t)(31 - 2 * i);
        want[i] = lanes[i] < 16 ? a[lanes[i]] : b[lanes[i] - 16];
    }
    assert_v128_equal(simd_i8x16_shuffle(u8x16(a), u8x16(b), lanes), u8x16(want));
    rt_v128 v = simd_i8x16_replace_lane(u8x16(a), 15, 0x1ff);
    assert_int_equal(simd_i8x16_extract_lane_u(v, 15), 0xff);
    assert_int_equal(simd_i8x16_extract_lane_s(v, 15), 0xffffffffu);
    v = simd_i16x8_replace_lane(v, 3, 0x8001);
    assert_int_equal(simd_i16x8_extract_lane_s(v, 3), 0xffff8001u);
    v = simd_f64x2_replace_lane(v, 0, 0x7ff4000000000001u); /* signalling NaN, kept as is */
    assert_true(simd_f64x2_extract_lane(v, 0) == 0x7ff4000000000001u);
    assert_v128_equal(simd_f32x4_splat(0x7f800001u), simd_i32x4_splat(0x7f800001u));
}

static void memory_helpers(void **state)
{
    (void)state;
    uint8_t mem[24];
    for (int i = 0; i < 24; i++)
        mem[i] = (uint8_t)(0xf0 + i);
    assert_v128_equal(simd_v128_load8x8_s(mem), u16x8(0xfff0, 0xfff1, 0xfff2, 0xfff3, 0xfff4, 0xfff5,
                                                      0xfff6, 0xfff7));
    assert_v128_equal(simd_v128_load8x8_u(mem), u16x8(0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7));
    assert_v128_equal(simd_v128_load16x4_s(mem), u32x4(0xfffff1f0u, 0xfffff3f2u, 0xfffff5f4u, 0xfffff7f6u));
    assert_v128_equal(simd_v128_load16x4_u(mem), u32x4(0xf1f0u, 0xf3f2u, 0xf5f4u, 0xf7f6u));
    assert_v128_equal(simd_v128_load32x2_s(mem), u64x2(0xfffffffff3f2f1f0u, 0xfffffffff7f6f5f4u));
    assert_v128_equal(simd_v128_load32x2_u(mem), u64x2(0xf3f2f1f0u, 0xf7f6f5f4u));
    assert_v128_equal(simd_v128_load8_splat(mem + 1), simd_i8x16_splat(0xf1));
    assert_v128_equal(simd_v128_load16_splat(mem), simd_i16x8_splat(0xf1f0));
    assert_v128_equal(simd_v128_load32_splat(mem), simd_i32x4_splat(0xf3f2f1f0u));
    assert_v128_equal(simd_v128_load64_splat(mem), simd_i64x2_splat(0xf7f6f5f4f3f2f1f0u));
    assert_v128_equal(simd_v128_load32_zero(mem), u32x4(0xf3f2f1f0u, 0, 0, 0));
    assert_v128_equal(simd_v128_load64_zero(mem), u64x2(0xf7f6f5f4f3f2f1f0u, 0));
    assert_v128_equal(simd_v128_load(mem + 8), u8x16(mem + 8));

    rt_v128 base = simd_i8x16_splat(0);
    assert_v128_equal(simd_v128_load8_lane(mem, base, 3), u32x4(0xf0000000u, 0, 0, 0));
    assert_v128_equal(simd_v128_load16_lane(mem, base, 7), u16x8(0, 0, 0, 0, 0, 0, 0, 0xf1f0));
    assert_v128_equal(simd_v128_load32_lane(mem, base, 2), u32x4(0, 0, 0xf3f2f1f0u, 0));
    assert_v128_equal(simd_v128_load64_lane(mem, base, 1), u64x2(0, 0xf7f6f5f4f3f2f1f0u));

    /* Stores write exactly the lane's bytes and nothing around them. */
    uint8_t out[24];
    memset(out, 0xaa, sizeof out);
    rt_v128 v = u64x2(0x0706050403020100u, 0x0f0e0d0c0b0a0908u);
    simd_v128_store8_lane(out + 4, v, 9);
    simd_v128_store16_lane(out + 5, v, 7);
    simd_v128_store32_lane(out + 7, v, 1);
    simd_v128_store64_lane(out + 11, v, 0);
    const uint8_t want[24] = {0xaa, 0xaa, 0xaa, 0xaa, 9, 14, 15, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7,
                              0xaa, 0xaa, 0xaa, 0xaa, 0xaa};
    assert_memory_equal(out, want, 24);
    simd_v128_store(out + 8, v);
    const uint8_t whole[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    assert_memory_equal(out + 8, whole, 16);
    assert_int_equal(out[7], 4);
}

/* The table holds exactly the value-only 0xfd operations, under the
 * decoder's names, and each entry's kind matches its function's arity. */
static void table_matches_decoder(void **state)
{
    (void)state;
    unsigned found = 0, expected = 0;
    for (uint32_t sub = 0; sub < 0x200; sub++) {
        uint32_t op = INSN_PREFIXED(0xfd, sub);
        const char *name = insn_name(op);
        const simd_op_info *info = simd_op_lookup(sub);
        bool value_only = name && insn_imm_kind(op) == IMM_NONE && !strstr(name, "splat");
        if (value_only)
            expected++;
        if (!info)
            continue;
        found++;
        assert_true(value_only);
        assert_string_equal(info->name, name);
    }
    assert_int_equal(found, expected);
    assert_int_equal(found, 192);
    assert_int_equal(simd_op_lookup(82)->kind, SIMD_OP_TERNARY);
    assert_int_equal(simd_op_lookup(107)->kind, SIMD_OP_SHIFT);
    assert_int_equal(simd_op_lookup(83)->kind, SIMD_OP_TEST);
    assert_int_equal(simd_op_lookup(250)->kind, SIMD_OP_UNARY);
    assert_null(simd_op_lookup(12));
    assert_null(simd_op_lookup(0x1000));
}

/* ---- the spec suite, evaluated directly ----------------------------------------------- */

#define MAX_STACK 64
#define MAX_LOCALS 64
#define MAX_PAGES 4
#define MAX_INSTANCES 16

#define MAX_GLOBALS 16

typedef struct value {
    comp_valtype type;
    uint64_t bits;      /* i32, i64, f32, f64 */
    rt_v128 v;          /* v128 */
} value;

typedef struct instance {
    comp_str id;
    comp_module *module;
    uint8_t *mem;
    size_t mem_len;
    value globals[MAX_GLOBALS];
    bool tainted;       /* an action was not covered: its effects are unknown */
} instance;

typedef enum outcome { RAN, TRAPPED, NOT_COVERED } outcome;

typedef struct file_stats {
    unsigned checked, failed, not_covered;
    char first_missing[64]; /* an instruction or construct the evaluator lacks */
} file_stats;

static outcome not_covered(file_stats *st, const char *what)
{
    if (!st->first_missing[0])
        snprintf(st->first_missing, sizeof st->first_missing, "%s", what);
    return NOT_COVERED;
}

/* Memory 0 from the module's own memory and its active data segments with
 * constant offsets; anything fancier is left to the interpreter's tests. */
static bool instance_init(instance *in, comp_module *m)
{
    memset(in, 0, sizeof *in);
    in->module = m;
    if (m->imported_memories || m->memory_count > 1 || m->imported_globals ||
        m->global_count > MAX_GLOBALS)
        return false;
    for (uint32_t i = 0; i < m->global_count; i++) {
        /* Only single-constant initializers: a t.const followed by end. */
        comp_error err = {0};
        rd r;
        insn op;
        rd_init(&r, m->globals[i].init.code, m->globals[i].init.len, NULL, &err);
        if (!insn_decode(&r, &op) || rd_remaining(&r) != 1)
            return false;
        value *g = &in->globals[i];
        g->type = m->globals[i].type.type;
        if (op.op == 0x41 || op.op == 0x42)
            g->bits = op.op == 0x41 ? (uint32_t)op.i64 : (uint64_t)op.i64;
        else if (op.op == 0x43 || op.op == 0x44)
            g->bits = op.op == 0x43 ? op.f32 : op.f64;
        else if (op.op == INSN_PREFIXED(0xfd, 12))
            g->v = u8x16(op.v128);
        else
            return false;
    }
    if (m->memory_count == 1) {
        if (m->memories[0].min > MAX_PAGES)
            return false;
        in->mem_len = (size_t)m->memories[0].min * 65536;
        in->mem = calloc(1, in->mem_len ? in->mem_len : 1);
        if (!in->mem)
            return false;
    }
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        const comp_data *d = &m->datas[i];
        if (d->flags == 1)
            continue;
        const uint8_t *c = d->offset.code;
        comp_error err = {0};
        rd r;
        int32_t off;
        rd_init(&r, c, d->offset.len, NULL, &err);
        if (d->memory != 0 || d->offset.len < 2 || c[0] != 0x41)
            return false;
        r.p++;
        if (!rd_s32(&r, &off) || rd_remaining(&r) != 1 || (uint32_t)off > in->mem_len ||
            d->len > in->mem_len - (uint32_t)off)
            return false;
        memcpy(in->mem + (uint32_t)off, d->bytes, d->len);
    }
    return true;
}

/* The effective address of a memory access of `size` bytes, or NULL (trap). */
static uint8_t *address(instance *in, uint64_t base, const insn *op, size_t size)
{
    uint64_t ea = (uint32_t)base + op->mem.offset;
    if (ea > in->mem_len || size > in->mem_len - ea)
        return NULL;
    return in->mem + ea;
}

typedef struct machine {
    value stack[MAX_STACK];
    unsigned sp;
} machine;

static bool push_v(machine *mc, rt_v128 v)
{
    if (mc->sp == MAX_STACK)
        return false;
    mc->stack[mc->sp++] = (value){.type = COMP_V128, .v = v};
    return true;
}

static bool push_s(machine *mc, comp_valtype t, uint64_t bits)
{
    if (mc->sp == MAX_STACK)
        return false;
    mc->stack[mc->sp++] = (value){.type = t, .bits = bits};
    return true;
}

/* Pops the top values (already typed by validation; checked anyway so a
 * body the evaluator misreads fails loudly instead of reading garbage). */
static value *pop(machine *mc, unsigned n)
{
    if (mc->sp < n)
        return NULL;
    mc->sp -= n;
    return &mc->stack[mc->sp];
}

static outcome run_table_op(machine *mc, const simd_op_info *info)
{
    value *a;
    switch (info->kind) {
    case SIMD_OP_UNARY:
        a = pop(mc, 1);
        return a && push_v(mc, info->fn.unary(a[0].v)) ? RAN : NOT_COVERED;
    case SIMD_OP_BINARY:
        a = pop(mc, 2);
        return a && push_v(mc, info->fn.binary(a[0].v, a[1].v)) ? RAN : NOT_COVERED;
    case SIMD_OP_TERNARY:
        a = pop(mc, 3);
        return a && push_v(mc, info->fn.ternary(a[0].v, a[1].v, a[2].v)) ? RAN : NOT_COVERED;
    case SIMD_OP_SHIFT:
        a = pop(mc, 2);
        return a && push_v(mc, info->fn.shift(a[0].v, (uint32_t)a[1].bits)) ? RAN : NOT_COVERED;
    case SIMD_OP_TEST:
        a = pop(mc, 1);
        return a && push_s(mc, COMP_I32, info->fn.test(a[0].v)) ? RAN : NOT_COVERED;
    case SIMD_OP_NONE:
        break;
    }
    return NOT_COVERED;
}

/* splat, lanes, shuffle, const and memory: the 0xfd ops outside the table. */
static outcome run_special_op(machine *mc, instance *in, const insn *op, file_stats *st)
{
    uint32_t sub = op->op & 0xffff;
    unsigned lane = op->lane;
    value *a;
    uint8_t *p;
    static const uint8_t load_size[] = {16, 8, 8, 8, 8, 8, 8, 1, 2, 4, 8, 16};
    if (sub <= 10 || sub == 92 || sub == 93) { /* loads */
        size_t size = sub <= 10 ? load_size[sub] : sub == 92 ? 4 : 8;
        if (!(a = pop(mc, 1)))
            return NOT_COVERED;
        if (!(p = address(in, a[0].bits, op, size)))
            return TRAPPED;
        rt_v128 (*const load[])(const uint8_t *) = {
            simd_v128_load, simd_v128_load8x8_s, simd_v128_load8x8_u, simd_v128_load16x4_s,
            simd_v128_load16x4_u, simd_v128_load32x2_s, simd_v128_load32x2_u,
            simd_v128_load8_splat, simd_v128_load16_splat, simd_v128_load32_splat,
            simd_v128_load64_splat};
        rt_v128 v = sub <= 10 ? load[sub](p) : sub == 92 ? simd_v128_load32_zero(p)
                                                         : simd_v128_load64_zero(p);
        return push_v(mc, v) ? RAN : NOT_COVERED;
    }
    if (sub == 11) { /* v128.store */
        if (!(a = pop(mc, 2)))
            return NOT_COVERED;
        if (!(p = address(in, a[0].bits, op, 16)))
            return TRAPPED;
        simd_v128_store(p, a[1].v);
        return RAN;
    }
    if (sub >= 84 && sub <= 91) { /* load and store lane */
        size_t size = (size_t)1 << ((sub - 84) % 4);
        if (!(a = pop(mc, 2)))
            return NOT_COVERED;
        if (!(p = address(in, a[0].bits, op, size)))
            return TRAPPED;
        rt_v128 (*const load[])(const uint8_t *, rt_v128, unsigned) = {
            simd_v128_load8_lane, simd_v128_load16_lane, simd_v128_load32_lane,
            simd_v128_load64_lane};
        void (*const store[])(uint8_t *, rt_v128, unsigned) = {
            simd_v128_store8_lane, simd_v128_store16_lane, simd_v128_store32_lane,
            simd_v128_store64_lane};
        if (sub <= 87)
            return push_v(mc, load[sub - 84](p, a[1].v, lane)) ? RAN : NOT_COVERED;
        store[sub - 88](p, a[1].v, lane);
        return RAN;
    }
    switch (sub) {
    case 12:
        return push_v(mc, u8x16(op->v128)) ? RAN : NOT_COVERED;
    case 13:
        if (!(a = pop(mc, 2)))
            return NOT_COVERED;
        return push_v(mc, simd_i8x16_shuffle(a[0].v, a[1].v, op->v128)) ? RAN : NOT_COVERED;
    case 15: case 16: case 17: case 18: case 19: case 20: {
        if (!(a = pop(mc, 1)))
            return NOT_COVERED;
        uint64_t x = a[0].bits;
        rt_v128 v = sub == 15 ? simd_i8x16_splat((uint32_t)x)
                  : sub == 16 ? simd_i16x8_splat((uint32_t)x)
                  : sub == 17 ? simd_i32x4_splat((uint32_t)x)
                  : sub == 18 ? simd_i64x2_splat(x)
                  : sub == 19 ? simd_f32x4_splat((uint32_t)x)
                              : simd_f64x2_splat(x);
        return push_v(mc, v) ? RAN : NOT_COVERED;
    }
    case 21: case 22: case 24: case 25: case 27: case 29: case 31: case 33: {
        if (!(a = pop(mc, 1)))
            return NOT_COVERED;
        rt_v128 v = a[0].v;
        switch (sub) {
        case 21: return push_s(mc, COMP_I32, simd_i8x16_extract_lane_s(v, lane)) ? RAN : NOT_COVERED;
        case 22: return push_s(mc, COMP_I32, simd_i8x16_extract_lane_u(v, lane)) ? RAN : NOT_COVERED;
        case 24: return push_s(mc, COMP_I32, simd_i16x8_extract_lane_s(v, lane)) ? RAN : NOT_COVERED;
        case 25: return push_s(mc, COMP_I32, simd_i16x8_extract_lane_u(v, lane)) ? RAN : NOT_COVERED;
        case 27: return push_s(mc, COMP_I32, simd_i32x4_extract_lane(v, lane)) ? RAN : NOT_COVERED;
        case 29: return push_s(mc, COMP_I64, simd_i64x2_extract_lane(v, lane)) ? RAN : NOT_COVERED;
        case 31: return push_s(mc, COMP_F32, simd_f32x4_extract_lane(v, lane)) ? RAN : NOT_COVERED;
        default: return push_s(mc, COMP_F64, simd_f64x2_extract_lane(v, lane)) ? RAN : NOT_COVERED;
        }
    }
    case 23: case 26: case 28: case 30: case 32: case 34: {
        if (!(a = pop(mc, 2)))
            return NOT_COVERED;
        rt_v128 v = a[0].v;
        uint64_t x = a[1].bits;
        v = sub == 23 ? simd_i8x16_replace_lane(v, lane, (uint32_t)x)
          : sub == 26 ? simd_i16x8_replace_lane(v, lane, (uint32_t)x)
          : sub == 28 ? simd_i32x4_replace_lane(v, lane, (uint32_t)x)
          : sub == 30 ? simd_i64x2_replace_lane(v, lane, x)
          : sub == 32 ? simd_f32x4_replace_lane(v, lane, (uint32_t)x)
                      : simd_f64x2_replace_lane(v, lane, x);
        return push_v(mc, v) ? RAN : NOT_COVERED;
    }
    default:
        return not_covered(st, insn_name(op->op) ? insn_name(op->op) : "unknown 0xfd op");
    }
}

typedef enum arm_end { ARM_ELSE, ARM_END, ARM_BAD } arm_end;

/* Skips the instructions of an if arm up to its `else` (when `to_else`)
 * or its `end`, nested blocks included. Branches are not run here, so a
 * body that has any is left to the interpreter's own tests. */
static arm_end skip_arm(rd *r, bool to_else)
{
    unsigned nested = 0;
    insn op;
    while (insn_decode(r, &op)) {
        switch (op.op) {
        case 0x02: case 0x03: case 0x04:
            nested++;
            break;
        case 0x05:
            if (nested == 0 && to_else)
                return ARM_ELSE;
            break;
        case 0x0b:
            if (nested == 0)
                return ARM_END;
            nested--;
            break;
        case 0x0c: case 0x0d: case 0x0e: case 0x0f:
            return ARM_BAD;
        default:
            break;
        }
    }
    return ARM_BAD;
}

static bool local_index_ok(uint32_t idx, uint32_t count) { return idx < count; }

/* Runs function `func` of `in` on `args`; results are left in mc->stack. */
static outcome run(instance *in, uint32_t func, const value *args, uint32_t argc, machine *mc,
                   file_stats *st)
{
    comp_module *m = in->module;
    if (func < m->imported_funcs || func - m->imported_funcs >= m->code_count)
        return not_covered(st, "imported function");
    const comp_functype *ft = comp_module_func_type(m, func);
    if (!ft || ft->param_count != argc)
        return not_covered(st, "argument count");
    const comp_code *code = &m->codes[func - m->imported_funcs];
    comp_error err = {0};
    rd r;
    rd_init(&r, code->body, code->len, NULL, &err);

    value locals[MAX_LOCALS];
    uint32_t nlocals = argc, groups;
    if (argc > MAX_LOCALS)
        return not_covered(st, "many locals");
    memcpy(locals, args, argc * sizeof *args);
    if (!rd_u32(&r, &groups))
        return not_covered(st, "local declarations");
    for (uint32_t g = 0; g < groups; g++) {
        uint32_t n;
        if (!rd_u32(&r, &n) || rd_eof(&r) || n > MAX_LOCALS - nlocals)
            return not_covered(st, "many locals");
        comp_valtype t = *r.p++;
        for (uint32_t k = 0; k < n; k++)
            locals[nlocals++] = (value){.type = t};
    }

    mc->sp = 0;
    unsigned depth = 0; /* open blocks, loops and taken if arms */
    for (;;) {
        insn op;
        if (!insn_decode(&r, &op))
            return not_covered(st, "undecodable body");
        value *a;
        switch (op.op) {
        case 0x02: /* block, loop: without branches they change nothing */
        case 0x03:
            depth++;
            continue;
        case 0x04: /* if: run the taken arm, skip the other */
            if (!(a = pop(mc, 1)))
                return not_covered(st, "if");
            if ((uint32_t)a[0].bits) {
                depth++;
                continue;
            }
            switch (skip_arm(&r, true)) {
            case ARM_ELSE:
                depth++;
                continue;
            case ARM_END:
                continue;
            default:
                return not_covered(st, "if");
            }
        case 0x05: /* else reached from the taken arm */
            if (depth == 0 || skip_arm(&r, false) != ARM_END)
                return not_covered(st, "else");
            depth--;
            continue;
        case 0x0b:
            if (depth > 0) {
                depth--;
                continue;
            }
            return mc->sp == ft->result_count ? RAN : not_covered(st, "result count");
        case 0x1b: /* select, select t */
        case 0x1c:
            if (!(a = pop(mc, 3)))
                return not_covered(st, "select");
            mc->stack[mc->sp++] = (uint32_t)a[2].bits ? a[0] : a[1];
            continue;
        case 0x28: /* i32.load, i64.load, f32.load, f64.load */
        case 0x29:
        case 0x2a:
        case 0x2b: {
            bool wide = op.op == 0x29 || op.op == 0x2b;
            uint8_t *p;
            if (!(a = pop(mc, 1)))
                return not_covered(st, "load");
            if (!(p = address(in, a[0].bits, &op, wide ? 8 : 4)))
                return TRAPPED;
            comp_valtype t = op.op == 0x28 ? COMP_I32 : op.op == 0x29 ? COMP_I64
                           : op.op == 0x2a ? COMP_F32 : COMP_F64;
            push_s(mc, t, wide ? simd_le64(p) : simd_le32(p));
            continue;
        }
        case 0x36: /* i32.store, i64.store */
        case 0x37: {
            uint8_t *p;
            if (!(a = pop(mc, 2)))
                return not_covered(st, "store");
            if (!(p = address(in, a[0].bits, &op, op.op == 0x37 ? 8 : 4)))
                return TRAPPED;
            if (op.op == 0x37)
                simd_put64(p, a[1].bits);
            else
                simd_put32(p, (uint32_t)a[1].bits);
            continue;
        }
        case 0x1a:
            if (!pop(mc, 1))
                return not_covered(st, "drop");
            continue;
        case 0x20:
            if (!local_index_ok(op.idx, nlocals) || mc->sp == MAX_STACK)
                return not_covered(st, "local.get");
            mc->stack[mc->sp++] = locals[op.idx];
            continue;
        case 0x21:
        case 0x22:
            if (!local_index_ok(op.idx, nlocals) || !(a = pop(mc, 1)))
                return not_covered(st, "local.set");
            locals[op.idx] = a[0];
            if (op.op == 0x22)
                mc->sp++;
            continue;
        case 0x23:
            if (op.idx >= m->global_count || mc->sp == MAX_STACK)
                return not_covered(st, "global.get");
            mc->stack[mc->sp++] = in->globals[op.idx];
            continue;
        case 0x24:
            if (op.idx >= m->global_count || !(a = pop(mc, 1)))
                return not_covered(st, "global.set");
            in->globals[op.idx] = a[0];
            continue;
        case 0x41:
            if (!push_s(mc, COMP_I32, (uint32_t)op.i64))
                return NOT_COVERED;
            continue;
        case 0x42:
            if (!push_s(mc, COMP_I64, (uint64_t)op.i64))
                return NOT_COVERED;
            continue;
        case 0x43:
            if (!push_s(mc, COMP_F32, op.f32))
                return NOT_COVERED;
            continue;
        case 0x44:
            if (!push_s(mc, COMP_F64, op.f64))
                return NOT_COVERED;
            continue;
        default:
            break;
        }
        if ((op.op >> 16) != 0xfd) {
            const char *name = insn_name(op.op);
            return not_covered(st, name ? name : "unknown opcode");
        }
        const simd_op_info *info = simd_op_lookup(op.op & 0xffff);
        outcome o = info ? run_table_op(mc, info) : run_special_op(mc, in, &op, st);
        if (o != RAN)
            return o;
    }
}

/* ---- matching results ------------------------------------------------------------------ */

static bool float_matches(uint64_t bits, uint64_t want, comp_wast_nan nan, bool is64)
{
    uint64_t exp = is64 ? 0x7ff0000000000000u : 0x7f800000u;
    uint64_t quiet = is64 ? 0x0008000000000000u : 0x00400000u;
    uint64_t payload = is64 ? 0x000fffffffffffffu : 0x007fffffu;
    switch (nan) {
    case COMP_WAST_EXACT:
        return bits == want;
    case COMP_WAST_NAN_CANONICAL:
        return (bits & exp) == exp && (bits & payload) == quiet;
    case COMP_WAST_NAN_ARITHMETIC:
        return (bits & exp) == exp && (bits & quiet);
    }
    return false;
}

static bool result_matches(const value *got, const comp_wast_value *want)
{
    switch (want->kind) {
    case COMP_WAST_I32:
        return got->type == COMP_I32 && (uint32_t)got->bits == want->u.i32;
    case COMP_WAST_I64:
        return got->type == COMP_I64 && got->bits == want->u.i64;
    case COMP_WAST_F32:
        return got->type == COMP_F32 &&
               float_matches((uint32_t)got->bits, want->u.f.bits & 0xffffffffu, want->u.f.nan, false);
    case COMP_WAST_F64:
        return got->type == COMP_F64 && float_matches(got->bits, want->u.f.bits, want->u.f.nan, true);
    case COMP_WAST_V128: {
        if (got->type != COMP_V128)
            return false;
        uint8_t b[16];
        simd_bytes(got->v, b);
        if (want->u.v128.shape == COMP_WAST_F32X4 || want->u.v128.shape == COMP_WAST_F64X2) {
            bool is64 = want->u.v128.shape == COMP_WAST_F64X2;
            unsigned n = is64 ? 2 : 4;
            for (unsigned i = 0; i < n; i++) {
                uint64_t g = is64 ? simd_le64(b + 8 * i) : simd_le32(b + 4 * i);
                uint64_t e = is64 ? simd_le64(want->u.v128.bytes + 8 * i)
                                  : simd_le32(want->u.v128.bytes + 4 * i);
                if (!float_matches(g, e, want->u.v128.lane_nan[i], is64))
                    return false;
            }
            return true;
        }
        return memcmp(b, want->u.v128.bytes, 16) == 0;
    }
    case COMP_WAST_EITHER:
        for (uint32_t i = 0; i < want->u.list.count; i++)
            if (result_matches(got, &want->u.list.items[i]))
                return true;
        return false;
    default:
        return false;
    }
}

/* An argument as the evaluator holds it; false for kinds it does not run. */
static bool arg_value(const comp_wast_value *a, value *out)
{
    memset(out, 0, sizeof *out);
    switch (a->kind) {
    case COMP_WAST_I32: out->type = COMP_I32; out->bits = a->u.i32; return true;
    case COMP_WAST_I64: out->type = COMP_I64; out->bits = a->u.i64; return true;
    case COMP_WAST_F32: out->type = COMP_F32; out->bits = a->u.f.bits; return true;
    case COMP_WAST_F64: out->type = COMP_F64; out->bits = a->u.f.bits; return true;
    case COMP_WAST_V128: out->type = COMP_V128; out->v = u8x16(a->u.v128.bytes); return true;
    default: return false;
    }
}

/* ---- running one script ---------------------------------------------------------------- */

typedef struct script_run {
    instance instances[MAX_INSTANCES];
    unsigned count;
    int latest;         /* -1: none, or the latest module could not be set up */
    file_stats st;
    const char *file;
} script_run;

static instance *find_instance(script_run *s, comp_str id)
{
    if (!id.data)
        return s->latest >= 0 ? &s->instances[s->latest] : NULL;
    for (unsigned i = 0; i < s->count; i++)
        if (s->instances[i].id.len == id.len && memcmp(s->instances[i].id.data, id.data, id.len) == 0)
            return &s->instances[i];
    return NULL;
}

static bool find_export(const comp_module *m, comp_str name, uint32_t *func)
{
    for (uint32_t i = 0; i < m->export_count; i++) {
        const comp_export *e = &m->exports[i];
        if (e->kind == COMP_EXTERN_FUNC && e->name.len == name.len &&
            memcmp(e->name.data, name.data, name.len) == 0) {
            *func = e->index;
            return true;
        }
    }
    return false;
}

static void add_module(script_run *s, const comp_wast_module *mod, comp_arena *arena)
{
    s->latest = -1;
    /* An unnamed instance can no longer be invoked once another module
     * follows: reuse its slot. */
    if (s->count && !s->instances[s->count - 1].id.data) {
        s->count--;
        free(s->instances[s->count].mem);
        s->instances[s->count].mem = NULL;
    }
    if (mod->component || mod->mode != COMP_WAST_INSTANTIATE || !mod->parsed ||
        s->count == MAX_INSTANCES)
        return;
    comp_module *m;
    comp_error err = {0};
    if (!comp_module_decode(mod->bytes, mod->len, arena, &m, &err))
        return;
    instance *in = &s->instances[s->count];
    if (!instance_init(in, m)) {
        free(in->mem);
        return;
    }
    in->id = mod->id;
    s->latest = (int)s->count++;
}

/* Whether an action can leave effects behind (memory or mutable globals). */
static bool has_state(const comp_module *m)
{
    for (uint32_t i = 0; i < m->global_count; i++)
        if (m->globals[i].type.mutability)
            return true;
    return m->memory_count > 0;
}

static void check_action(script_run *s, const comp_wast_command *c)
{
    const comp_wast_action *act = c->action;
    file_stats *st = &s->st;
    instance *in = act ? find_instance(s, act->module) : NULL;
    uint32_t func;
    value args[MAX_LOCALS];
    if (!in || act->kind != COMP_WAST_INVOKE || !find_export(in->module, act->name, &func) ||
        act->arg_count > MAX_LOCALS) {
        st->not_covered++;
        not_covered(st, "action");
        return;
    }
    for (uint32_t i = 0; i < act->arg_count; i++)
        if (!arg_value(&act->args[i], &args[i])) {
            st->not_covered++;
            not_covered(st, "argument kind");
            return;
        }
    if (in->tainted) {
        st->not_covered++;
        return;
    }
    machine mc;
    outcome o = run(in, func, args, act->arg_count, &mc, st);
    if (o == NOT_COVERED) {
        in->tainted = has_state(in->module);
        st->not_covered++;
        return;
    }
    bool ok;
    if (c->kind == COMP_WAST_ASSERT_TRAP) {
        ok = o == TRAPPED;
    } else if (c->kind == COMP_WAST_ASSERT_RETURN) {
        ok = o == RAN && mc.sp == c->result_count;
        for (uint32_t i = 0; ok && i < c->result_count; i++)
            ok = result_matches(&mc.stack[i], &c->results[i]);
    } else {
        ok = o == RAN;
    }
    st->checked++;
    if (!ok) {
        st->failed++;
        if (st->failed <= 10)
            printf("  %s:%u: %s \"%.*s\" gave a different result\n", s->file, c->pos.line,
                   comp_wast_command_name(c->kind), (int)act->name.len, act->name.data);
    }
}

static void run_wast_file(void **state)
{
    const char *name = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", SIMD_SUITE, name);
    size_t len;
    unsigned char *text = unit_read_file(path, &len);
    assert_non_null(text);
    comp_arena arena;
    comp_arena_init(&arena);
    comp_wast_script *script;
    comp_error err = {0};
    assert_true(comp_wast_parse((const char *)text, len, &arena, &script, &err));

    script_run *s = calloc(1, sizeof *s);
    assert_non_null(s);
    s->latest = -1;
    s->file = name;
    for (uint32_t i = 0; i < script->count; i++) {
        const comp_wast_command *c = &script->commands[i];
        switch (c->kind) {
        case COMP_WAST_MODULE:
            add_module(s, c->module, &arena);
            break;
        case COMP_WAST_ACTION:
        case COMP_WAST_ASSERT_RETURN:
            check_action(s, c);
            break;
        case COMP_WAST_ASSERT_TRAP:
            if (c->action)
                check_action(s, c);
            break;
        default:
            break;
        }
    }
    file_stats st = s->st;
    printf("  %s: %u checked, %u failed, %u not covered", name, st.checked, st.failed,
           st.not_covered);
    printf(st.first_missing[0] ? " (first: %s)\n" : "%s\n", st.first_missing);
    for (unsigned i = 0; i < s->count; i++)
        free(s->instances[i].mem);
    free(s);
    comp_arena_free(&arena);
    free(text);
    assert_int_equal(st.failed, 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    static const struct CMUnitTest hand[] = {
        cmocka_unit_test(layout_is_little_endian),
        cmocka_unit_test(shift_counts_wrap_at_lane_width),
        cmocka_unit_test(saturation_and_wrapping),
        cmocka_unit_test(narrow_extend_extmul),
        cmocka_unit_test(float_min_max_and_zero_signs),
        cmocka_unit_test(rounding),
        cmocka_unit_test(conversions_saturate),
        cmocka_unit_test(masks_and_tests),
        cmocka_unit_test(swizzle_shuffle_lanes),
        cmocka_unit_test(memory_helpers),
        cmocka_unit_test(table_matches_decoder),
    };
    enum { HAND = sizeof hand / sizeof hand[0], MAX_FILES = 128 };
    struct CMUnitTest tests[HAND + MAX_FILES];
    char *files[MAX_FILES];
    size_t nfiles = 0;
    memcpy(tests, hand, sizeof hand);

    DIR *dir = opendir(SIMD_SUITE);
    if (!dir) {
        printf("SKIP simd wast files: %s not found\n", SIMD_SUITE);
    } else {
        struct dirent *e;
        while ((e = readdir(dir)) && nfiles < MAX_FILES) {
            size_t n = strlen(e->d_name);
            if (n > 5 && strcmp(e->d_name + n - 5, ".wast") == 0)
                files[nfiles++] = strdup(e->d_name);
        }
        closedir(dir);
        qsort(files, nfiles, sizeof *files, by_name);
    }
    for (size_t i = 0; i < nfiles; i++)
        tests[HAND + i] = (struct CMUnitTest){files[i], run_wast_file, NULL, NULL, files[i]};
    int rc = unit_run_group("rt_simd", tests, HAND + nfiles);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    return rc;
}
