#ifndef RT_CORE_SIMD_OPS_H
#define RT_CORE_SIMD_OPS_H

/* The 128-bit SIMD instructions of WebAssembly 2.0, one static inline
 * function each, named after the text format: `i8x16.add_sat_s` is
 * simd_i8x16_add_sat_s. Portable C11: lanes are unpacked into native
 * arrays (a plain copy on little-endian hosts), computed lane by lane
 * without undefined behaviour, and packed back.
 *
 * Conventions the interpreter relies on:
 * - v128 values are rt_v128, 16 bytes in memory order (lane 0 first,
 *   each lane little-endian), exactly as the spec lays them out.
 * - Scalars cross as bit patterns: i32 as uint32_t, i64 as uint64_t,
 *   f32 as uint32_t, f64 as uint64_t (no float conversions on the way,
 *   so NaN payloads survive splat / extract / replace).
 * - Lane immediates are masked to the shape's lane count; validation
 *   already guarantees they are in range.
 * - Memory helpers read or write the exact number of bytes at `p`;
 *   bounds checks are the caller's job. */

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "rt/core.h"
#include "core/numeric.h"


#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SIMD_HOST_LE 1
#else
#define SIMD_HOST_LE 0
#endif

_Static_assert(sizeof(rt_v128) == 16, "rt_v128 must be 16 bytes");

/* ---- lane access ---------------------------------------------------------- */

static inline void simd_bytes(rt_v128 v, uint8_t out[16]) { memcpy(out, &v, 16); }

static inline rt_v128 simd_from_bytes(const uint8_t in[16])
{
    rt_v128 v;
    memcpy(&v, in, 16);
    return v;
}

static inline uint16_t simd_le16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static inline uint32_t simd_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t simd_le64(const uint8_t *p)
{
    return (uint64_t)simd_le32(p) | (uint64_t)simd_le32(p + 4) << 32;
}

static inline void simd_put16(uint8_t *p, uint16_t x)
{
    p[0] = (uint8_t)x;
    p[1] = (uint8_t)(x >> 8);
}

static inline void simd_put32(uint8_t *p, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(x >> (8 * i));
}

static inline void simd_put64(uint8_t *p, uint64_t x)
{
    simd_put32(p, (uint32_t)x);
    simd_put32(p + 4, (uint32_t)(x >> 32));
}

static inline void simd_u16(rt_v128 v, uint16_t out[8])
{
#if SIMD_HOST_LE
    memcpy(out, &v, 16);
#else
    uint8_t b[16];
    simd_bytes(v, b);
    for (int i = 0; i < 8; i++)
        out[i] = simd_le16(b + 2 * i);
#endif
}

static inline rt_v128 simd_from_u16(const uint16_t in[8])
{
    rt_v128 v;
#if SIMD_HOST_LE
    memcpy(&v, in, 16);
#else
    uint8_t b[16];
    for (int i = 0; i < 8; i++)
        simd_put16(b + 2 * i, in[i]);
    memcpy(&v, b, 16);
#endif
    return v;
}

static inline void simd_u32(rt_v128 v, uint32_t out[4])
{
#if SIMD_HOST_LE
    memcpy(out, &v, 16);
#else
    uint8_t b[16];
    simd_bytes(v, b);
    for (int i = 0; i < 4; i++)
        out[i] = simd_le32(b + 4 * i);
#endif
}

static inline rt_v128 simd_from_u32(const uint32_t in[4])
{
    rt_v128 v;
#if SIMD_HOST_LE
    memcpy(&v, in, 16);
#else
    uint8_t b[16];
    for (int i = 0; i < 4; i++)
        simd_put32(b + 4 * i, in[i]);
    memcpy(&v, b, 16);
#endif
    return v;
}

static inline void simd_u64(rt_v128 v, uint64_t out[2])
{
#if SIMD_HOST_LE
    memcpy(out, &v, 16);
#else
    uint8_t b[16];
    simd_bytes(v, b);
    out[0] = simd_le64(b);
    out[1] = simd_le64(b + 8);
#endif
}

static inline rt_v128 simd_from_u64(const uint64_t in[2])
{
    rt_v128 v;
#if SIMD_HOST_LE
    memcpy(&v, in, 16);
#else
    uint8_t b[16];
    simd_put64(b, in[0]);
    simd_put64(b + 8, in[1]);
    memcpy(&v, b, 16);
#endif
    return v;
}

/* Floats go through their bit patterns, so the float and integer views of
 * a lane always agree whatever the host's float byte order. */
static inline void simd_f32(rt_v128 v, float out[4])
{
    uint32_t u[4];
    simd_u32(v, u);
    memcpy(out, u, 16);
}

static inline rt_v128 simd_from_f32(const float in[4])
{
    uint32_t u[4];
    memcpy(u, in, 16);
    return simd_from_u32(u);
}

static inline void simd_f64(rt_v128 v, double out[2])
{
    uint64_t u[2];
    simd_u64(v, u);
    memcpy(out, u, 16);
}

static inline rt_v128 simd_from_f64(const double in[2])
{
    uint64_t u[2];
    memcpy(u, in, 16);
    return simd_from_u64(u);
}

/* Two's-complement reinterpretation without implementation-defined casts. */
static inline int32_t simd_s8(uint8_t x) { return x < 0x80 ? (int32_t)x : (int32_t)x - 0x100; }
static inline int32_t simd_s16(uint16_t x) { return x < 0x8000 ? (int32_t)x : (int32_t)x - 0x10000; }

static inline int64_t simd_s32(uint32_t x)
{
    return x < 0x80000000u ? (int64_t)x : (int64_t)x - (int64_t)0x100000000;
}

static inline int64_t simd_s64(uint64_t x)
{
    return x < 0x8000000000000000u ? (int64_t)x : -(int64_t)(~x) - 1;
}

/* Arithmetic right shift of a lane held unsigned: fill with the sign bit. */
static inline uint64_t simd_asr(uint64_t x, unsigned bits, unsigned n)
{
    uint64_t sign = (uint64_t)1 << (bits - 1);
    uint64_t mask = bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;
    x &= mask;
    if (x & sign)
        return (~((~x & mask) >> n)) & mask;
    return x >> n;
}

static inline int32_t simd_clamp32(int64_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : x > hi ? hi : (int32_t)x;
}


static inline uint32_t simd_popcnt8(uint32_t x)
{
    x = (x & 0x55u) + ((x >> 1) & 0x55u);
    x = (x & 0x33u) + ((x >> 2) & 0x33u);
    return (x & 0x0fu) + (x >> 4);
}

/* i16x8.q15mulr_sat_s on one lane: (p * q + 2^14) >> 15 (arithmetic,
 * i.e. floor division), saturated; only -32768 * -32768 goes out of range. */
static inline uint32_t simd_q15mulr(uint32_t p, uint32_t q)
{
    int64_t r = (int64_t)simd_s16((uint16_t)p) * simd_s16((uint16_t)q) + 0x4000;
    int64_t f = r >= 0 ? r / 32768 : -((-r + 32767) / 32768);
    return (uint32_t)simd_clamp32(f, -32768, 32767);
}

/* ---- lane-wise families ------------------------------------------------------
 * Each macro defines one function simd_<name>. Inside `expr`, p and q are
 * the lanes of the first and second operand, widened to uint32_t (8-, 16-
 * and 32-bit lanes) or uint64_t (64-bit lanes), or float / double. */

#define SIMD_UNARY8(name, expr)                                             \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        uint8_t x[16];                                                      \
        simd_bytes(a, x);                                                   \
        for (int i = 0; i < 16; i++) {                                      \
            uint32_t p = x[i];                                              \
            x[i] = (uint8_t)(expr);                                         \
        }                                                                   \
        return simd_from_bytes(x);                                          \
    }

#define SIMD_BINARY8(name, expr)                                            \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        uint8_t x[16], y[16];                                               \
        simd_bytes(a, x);                                                   \
        simd_bytes(b, y);                                                   \
        for (int i = 0; i < 16; i++) {                                      \
            uint32_t p = x[i], q = y[i];                                    \
            x[i] = (uint8_t)(expr);                                         \
        }                                                                   \
        return simd_from_bytes(x);                                          \
    }

#define SIMD_UNARY16(name, expr)                                            \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        uint16_t x[8];                                                      \
        simd_u16(a, x);                                                     \
        for (int i = 0; i < 8; i++) {                                       \
            uint32_t p = x[i];                                              \
            x[i] = (uint16_t)(expr);                                        \
        }                                                                   \
        return simd_from_u16(x);                                            \
    }

#define SIMD_BINARY16(name, expr)                                           \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        uint16_t x[8], y[8];                                                \
        simd_u16(a, x);                                                     \
        simd_u16(b, y);                                                     \
        for (int i = 0; i < 8; i++) {                                       \
            uint32_t p = x[i], q = y[i];                                    \
            x[i] = (uint16_t)(expr);                                        \
        }                                                                   \
        return simd_from_u16(x);                                            \
    }

#define SIMD_UNARY32(name, expr)                                            \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        uint32_t x[4];                                                      \
        simd_u32(a, x);                                                     \
        for (int i = 0; i < 4; i++) {                                       \
            uint32_t p = x[i];                                              \
            x[i] = (uint32_t)(expr);                                        \
        }                                                                   \
        return simd_from_u32(x);                                            \
    }

#define SIMD_BINARY32(name, expr)                                           \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        uint32_t x[4], y[4];                                                \
        simd_u32(a, x);                                                     \
        simd_u32(b, y);                                                     \
        for (int i = 0; i < 4; i++) {                                       \
            uint32_t p = x[i], q = y[i];                                    \
            x[i] = (uint32_t)(expr);                                        \
        }                                                                   \
        return simd_from_u32(x);                                            \
    }

#define SIMD_UNARY64(name, expr)                                            \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        uint64_t x[2];                                                      \
        simd_u64(a, x);                                                     \
        for (int i = 0; i < 2; i++) {                                       \
            uint64_t p = x[i];                                              \
            x[i] = (uint64_t)(expr);                                        \
        }                                                                   \
        return simd_from_u64(x);                                            \
    }

#define SIMD_BINARY64(name, expr)                                           \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        uint64_t x[2], y[2];                                                \
        simd_u64(a, x);                                                     \
        simd_u64(b, y);                                                     \
        for (int i = 0; i < 2; i++) {                                       \
            uint64_t p = x[i], q = y[i];                                    \
            x[i] = (uint64_t)(expr);                                        \
        }                                                                   \
        return simd_from_u64(x);                                            \
    }

/* Comparisons: each lane becomes all ones when `cond` holds, else zero. */
#define SIMD_CMP8(name, cond) SIMD_BINARY8(name, (cond) ? 0xffu : 0u)
#define SIMD_CMP16(name, cond) SIMD_BINARY16(name, (cond) ? 0xffffu : 0u)
#define SIMD_CMP32(name, cond) SIMD_BINARY32(name, (cond) ? 0xffffffffu : 0u)
#define SIMD_CMP64(name, cond) SIMD_BINARY64(name, (cond) ? ~(uint64_t)0 : 0u)

#define SIMD_FUNARY32(name, expr)                                           \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        float x[4];                                                         \
        simd_f32(a, x);                                                     \
        for (int i = 0; i < 4; i++) {                                       \
            float p = x[i];                                                 \
            x[i] = (expr);                                                  \
        }                                                                   \
        return simd_from_f32(x);                                            \
    }

#define SIMD_FBINARY32(name, expr)                                          \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        float x[4], y[4];                                                   \
        simd_f32(a, x);                                                     \
        simd_f32(b, y);                                                     \
        for (int i = 0; i < 4; i++) {                                       \
            float p = x[i], q = y[i];                                       \
            x[i] = (expr);                                                  \
        }                                                                   \
        return simd_from_f32(x);                                            \
    }

#define SIMD_FCMP32(name, cond)                                             \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        float x[4], y[4];                                                   \
        uint32_t r[4];                                                      \
        simd_f32(a, x);                                                     \
        simd_f32(b, y);                                                     \
        for (int i = 0; i < 4; i++) {                                       \
            float p = x[i], q = y[i];                                       \
            r[i] = (cond) ? 0xffffffffu : 0u;                               \
        }                                                                   \
        return simd_from_u32(r);                                            \
    }

#define SIMD_FUNARY64(name, expr)                                           \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        double x[2];                                                        \
        simd_f64(a, x);                                                     \
        for (int i = 0; i < 2; i++) {                                       \
            double p = x[i];                                                \
            x[i] = (expr);                                                  \
        }                                                                   \
        return simd_from_f64(x);                                            \
    }

#define SIMD_FBINARY64(name, expr)                                          \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        double x[2], y[2];                                                  \
        simd_f64(a, x);                                                     \
        simd_f64(b, y);                                                     \
        for (int i = 0; i < 2; i++) {                                       \
            double p = x[i], q = y[i];                                      \
            x[i] = (expr);                                                  \
        }                                                                   \
        return simd_from_f64(x);                                            \
    }

#define SIMD_FCMP64(name, cond)                                             \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        double x[2], y[2];                                                  \
        uint64_t r[2];                                                      \
        simd_f64(a, x);                                                     \
        simd_f64(b, y);                                                     \
        for (int i = 0; i < 2; i++) {                                       \
            double p = x[i], q = y[i];                                      \
            r[i] = (cond) ? ~(uint64_t)0 : 0u;                              \
        }                                                                   \
        return simd_from_u64(r);                                            \
    }

/* Shifts take the count modulo the lane width (spec: i_shl etc.). */
#define SIMD_SHIFT(name, lanes, bits, expr)                                 \
    static inline rt_v128 simd_##name(rt_v128 a, uint32_t count)            \
    {                                                                       \
        unsigned n = count & (bits - 1);                                    \
        uint##bits##_t x[lanes];                                            \
        SIMD_GET##bits(a, x);                                               \
        for (int i = 0; i < lanes; i++) {                                   \
            uint64_t p = x[i];                                              \
            x[i] = (uint##bits##_t)(expr);                                  \
        }                                                                   \
        return SIMD_PUT##bits(x);                                           \
    }
#define SIMD_GET8 simd_bytes
#define SIMD_GET16 simd_u16
#define SIMD_GET32 simd_u32
#define SIMD_GET64 simd_u64
#define SIMD_PUT8 simd_from_bytes
#define SIMD_PUT16 simd_from_u16
#define SIMD_PUT32 simd_from_u32
#define SIMD_PUT64 simd_from_u64

/* ---- bitwise v128 ----------------------------------------------------------- */

SIMD_UNARY64(v128_not, ~p)
SIMD_BINARY64(v128_and, p & q)
SIMD_BINARY64(v128_andnot, p & ~q)
SIMD_BINARY64(v128_or, p | q)
SIMD_BINARY64(v128_xor, p ^ q)

/* Bits of `a` where `mask` is set, of `b` elsewhere. */
static inline rt_v128 simd_v128_bitselect(rt_v128 a, rt_v128 b, rt_v128 mask)
{
    uint64_t x[2], y[2], m[2];
    simd_u64(a, x);
    simd_u64(b, y);
    simd_u64(mask, m);
    for (int i = 0; i < 2; i++)
        x[i] = (x[i] & m[i]) | (y[i] & ~m[i]);
    return simd_from_u64(x);
}

static inline uint32_t simd_v128_any_true(rt_v128 a)
{
    uint64_t x[2];
    simd_u64(a, x);
    return (x[0] | x[1]) != 0;
}

/* ---- i8x16 -------------------------------------------------------------------- */

SIMD_BINARY8(i8x16_add, p + q)
SIMD_BINARY8(i8x16_sub, p - q)
SIMD_UNARY8(i8x16_neg, 0u - p)
SIMD_UNARY8(i8x16_abs, p & 0x80u ? 0u - p : p)
SIMD_UNARY8(i8x16_popcnt, simd_popcnt8(p))
SIMD_BINARY8(i8x16_add_sat_s, simd_clamp32(simd_s8(p) + simd_s8(q), -128, 127))
SIMD_BINARY8(i8x16_add_sat_u, p + q > 0xffu ? 0xffu : p + q)
SIMD_BINARY8(i8x16_sub_sat_s, simd_clamp32(simd_s8(p) - simd_s8(q), -128, 127))
SIMD_BINARY8(i8x16_sub_sat_u, p > q ? p - q : 0u)
SIMD_BINARY8(i8x16_min_s, simd_s8(p) < simd_s8(q) ? p : q)
SIMD_BINARY8(i8x16_min_u, p < q ? p : q)
SIMD_BINARY8(i8x16_max_s, simd_s8(p) > simd_s8(q) ? p : q)
SIMD_BINARY8(i8x16_max_u, p > q ? p : q)
SIMD_BINARY8(i8x16_avgr_u, (p + q + 1) >> 1)
SIMD_CMP8(i8x16_eq, p == q)
SIMD_CMP8(i8x16_ne, p != q)
SIMD_CMP8(i8x16_lt_s, simd_s8(p) < simd_s8(q))
SIMD_CMP8(i8x16_lt_u, p < q)
SIMD_CMP8(i8x16_gt_s, simd_s8(p) > simd_s8(q))
SIMD_CMP8(i8x16_gt_u, p > q)
SIMD_CMP8(i8x16_le_s, simd_s8(p) <= simd_s8(q))
SIMD_CMP8(i8x16_le_u, p <= q)
SIMD_CMP8(i8x16_ge_s, simd_s8(p) >= simd_s8(q))
SIMD_CMP8(i8x16_ge_u, p >= q)
SIMD_SHIFT(i8x16_shl, 16, 8, p << n)
SIMD_SHIFT(i8x16_shr_s, 16, 8, simd_asr(p, 8, n))
SIMD_SHIFT(i8x16_shr_u, 16, 8, p >> n)

/* ---- i16x8 -------------------------------------------------------------------- */

SIMD_BINARY16(i16x8_add, p + q)
SIMD_BINARY16(i16x8_sub, p - q)
SIMD_BINARY16(i16x8_mul, p * q) /* uint32_t operands: no int overflow */
SIMD_UNARY16(i16x8_neg, 0u - p)
SIMD_UNARY16(i16x8_abs, p & 0x8000u ? 0u - p : p)
SIMD_BINARY16(i16x8_add_sat_s, simd_clamp32(simd_s16(p) + simd_s16(q), -32768, 32767))
SIMD_BINARY16(i16x8_add_sat_u, p + q > 0xffffu ? 0xffffu : p + q)
SIMD_BINARY16(i16x8_sub_sat_s, simd_clamp32(simd_s16(p) - simd_s16(q), -32768, 32767))
SIMD_BINARY16(i16x8_sub_sat_u, p > q ? p - q : 0u)
SIMD_BINARY16(i16x8_min_s, simd_s16(p) < simd_s16(q) ? p : q)
SIMD_BINARY16(i16x8_min_u, p < q ? p : q)
SIMD_BINARY16(i16x8_max_s, simd_s16(p) > simd_s16(q) ? p : q)
SIMD_BINARY16(i16x8_max_u, p > q ? p : q)
SIMD_BINARY16(i16x8_avgr_u, (p + q + 1) >> 1)
SIMD_BINARY16(i16x8_q15mulr_sat_s, simd_q15mulr(p, q))
SIMD_CMP16(i16x8_eq, p == q)
SIMD_CMP16(i16x8_ne, p != q)
SIMD_CMP16(i16x8_lt_s, simd_s16(p) < simd_s16(q))
SIMD_CMP16(i16x8_lt_u, p < q)
SIMD_CMP16(i16x8_gt_s, simd_s16(p) > simd_s16(q))
SIMD_CMP16(i16x8_gt_u, p > q)
SIMD_CMP16(i16x8_le_s, simd_s16(p) <= simd_s16(q))
SIMD_CMP16(i16x8_le_u, p <= q)
SIMD_CMP16(i16x8_ge_s, simd_s16(p) >= simd_s16(q))
SIMD_CMP16(i16x8_ge_u, p >= q)
SIMD_SHIFT(i16x8_shl, 8, 16, p << n)
SIMD_SHIFT(i16x8_shr_s, 8, 16, simd_asr(p, 16, n))
SIMD_SHIFT(i16x8_shr_u, 8, 16, p >> n)

/* ---- i32x4 -------------------------------------------------------------------- */

SIMD_BINARY32(i32x4_add, p + q)
SIMD_BINARY32(i32x4_sub, p - q)
SIMD_BINARY32(i32x4_mul, p * q)
SIMD_UNARY32(i32x4_neg, 0u - p)
SIMD_UNARY32(i32x4_abs, p & 0x80000000u ? 0u - p : p)
SIMD_BINARY32(i32x4_min_s, simd_s32(p) < simd_s32(q) ? p : q)
SIMD_BINARY32(i32x4_min_u, p < q ? p : q)
SIMD_BINARY32(i32x4_max_s, simd_s32(p) > simd_s32(q) ? p : q)
SIMD_BINARY32(i32x4_max_u, p > q ? p : q)
SIMD_CMP32(i32x4_eq, p == q)
SIMD_CMP32(i32x4_ne, p != q)
SIMD_CMP32(i32x4_lt_s, simd_s32(p) < simd_s32(q))
SIMD_CMP32(i32x4_lt_u, p < q)
SIMD_CMP32(i32x4_gt_s, simd_s32(p) > simd_s32(q))
SIMD_CMP32(i32x4_gt_u, p > q)
SIMD_CMP32(i32x4_le_s, simd_s32(p) <= simd_s32(q))
SIMD_CMP32(i32x4_le_u, p <= q)
SIMD_CMP32(i32x4_ge_s, simd_s32(p) >= simd_s32(q))
SIMD_CMP32(i32x4_ge_u, p >= q)
SIMD_SHIFT(i32x4_shl, 4, 32, p << n)
SIMD_SHIFT(i32x4_shr_s, 4, 32, simd_asr(p, 32, n))
SIMD_SHIFT(i32x4_shr_u, 4, 32, p >> n)

/* ---- i64x2 -------------------------------------------------------------------- */

SIMD_BINARY64(i64x2_add, p + q)
SIMD_BINARY64(i64x2_sub, p - q)
SIMD_BINARY64(i64x2_mul, p * q)
SIMD_UNARY64(i64x2_neg, 0u - p)
SIMD_UNARY64(i64x2_abs, p >> 63 ? 0u - p : p)
SIMD_CMP64(i64x2_eq, p == q)
SIMD_CMP64(i64x2_ne, p != q)
SIMD_CMP64(i64x2_lt_s, simd_s64(p) < simd_s64(q))
SIMD_CMP64(i64x2_gt_s, simd_s64(p) > simd_s64(q))
SIMD_CMP64(i64x2_le_s, simd_s64(p) <= simd_s64(q))
SIMD_CMP64(i64x2_ge_s, simd_s64(p) >= simd_s64(q))
SIMD_SHIFT(i64x2_shl, 2, 64, p << n)
SIMD_SHIFT(i64x2_shr_s, 2, 64, simd_asr(p, 64, n))
SIMD_SHIFT(i64x2_shr_u, 2, 64, p >> n)


/* ---- f32x4 / f64x2 -------------------------------------------------------------
 * Arithmetic uses the host's IEEE operations (round to nearest even). A NaN
 * operand comes out quieted, which the spec's NaN rules allow: canonical in,
 * canonical out; any other NaN gives an arithmetic NaN. */

/* min/max per lane: numeric.h's scalar rules (NaN in, NaN out; -0 < +0). */

/* abs and neg only touch the sign bit, NaNs included. */
SIMD_UNARY32(f32x4_abs, p & 0x7fffffffu)
SIMD_UNARY32(f32x4_neg, p ^ 0x80000000u)
SIMD_FUNARY32(f32x4_sqrt, sqrtf(p))
/* libm may hand a signalling NaN back unchanged; p + p quiets it. */
SIMD_FUNARY32(f32x4_ceil, p != p ? p + p : ceilf(p))
SIMD_FUNARY32(f32x4_floor, p != p ? p + p : floorf(p))
SIMD_FUNARY32(f32x4_trunc, p != p ? p + p : truncf(p))
SIMD_FUNARY32(f32x4_nearest, p != p ? p + p : nearbyintf(p))
SIMD_FBINARY32(f32x4_add, p + q)
SIMD_FBINARY32(f32x4_sub, p - q)
SIMD_FBINARY32(f32x4_mul, p * q)
SIMD_FBINARY32(f32x4_div, p / q)
SIMD_FBINARY32(f32x4_min, num_fminf(p, q))
SIMD_FBINARY32(f32x4_max, num_fmaxf(p, q))
/* Pseudo-min/max: exactly `q < p ? q : p` and `p < q ? q : p`. */
SIMD_FBINARY32(f32x4_pmin, q < p ? q : p)
SIMD_FBINARY32(f32x4_pmax, p < q ? q : p)
SIMD_FCMP32(f32x4_eq, p == q)
SIMD_FCMP32(f32x4_ne, p != q)
SIMD_FCMP32(f32x4_lt, p < q)
SIMD_FCMP32(f32x4_gt, p > q)
SIMD_FCMP32(f32x4_le, p <= q)
SIMD_FCMP32(f32x4_ge, p >= q)

SIMD_UNARY64(f64x2_abs, p & 0x7fffffffffffffffu)
SIMD_UNARY64(f64x2_neg, p ^ 0x8000000000000000u)
SIMD_FUNARY64(f64x2_sqrt, sqrt(p))
SIMD_FUNARY64(f64x2_ceil, p != p ? p + p : ceil(p))
SIMD_FUNARY64(f64x2_floor, p != p ? p + p : floor(p))
SIMD_FUNARY64(f64x2_trunc, p != p ? p + p : trunc(p))
SIMD_FUNARY64(f64x2_nearest, p != p ? p + p : nearbyint(p))
SIMD_FBINARY64(f64x2_add, p + q)
SIMD_FBINARY64(f64x2_sub, p - q)
SIMD_FBINARY64(f64x2_mul, p * q)
SIMD_FBINARY64(f64x2_div, p / q)
SIMD_FBINARY64(f64x2_min, num_fmin(p, q))
SIMD_FBINARY64(f64x2_max, num_fmax(p, q))
SIMD_FBINARY64(f64x2_pmin, q < p ? q : p)
SIMD_FBINARY64(f64x2_pmax, p < q ? q : p)
SIMD_FCMP64(f64x2_eq, p == q)
SIMD_FCMP64(f64x2_ne, p != q)
SIMD_FCMP64(f64x2_lt, p < q)
SIMD_FCMP64(f64x2_gt, p > q)
SIMD_FCMP64(f64x2_le, p <= q)
SIMD_FCMP64(f64x2_ge, p >= q)

/* ---- conversions ---------------------------------------------------------------- */

/* Saturating float -> integer truncation (NaN gives 0). Checking the range
 * before the cast keeps every C conversion defined. */
static inline uint32_t simd_trunc_sat_s32(double x)
{
    if (x != x)
        return 0;
    if (x <= -2147483648.0)
        return 0x80000000u;
    if (x >= 2147483648.0)
        return 0x7fffffffu;
    return (uint32_t)(int32_t)x;
}

static inline uint32_t simd_trunc_sat_u32(double x)
{
    if (!(x > -1.0)) /* NaN too */
        return 0;
    if (x >= 4294967296.0)
        return 0xffffffffu;
    return (uint32_t)x;
}

static inline rt_v128 simd_i32x4_trunc_sat_f32x4_s(rt_v128 a)
{
    float x[4];
    uint32_t r[4];
    simd_f32(a, x);
    for (int i = 0; i < 4; i++)
        r[i] = simd_trunc_sat_s32(x[i]);
    return simd_from_u32(r);
}

static inline rt_v128 simd_i32x4_trunc_sat_f32x4_u(rt_v128 a)
{
    float x[4];
    uint32_t r[4];
    simd_f32(a, x);
    for (int i = 0; i < 4; i++)
        r[i] = simd_trunc_sat_u32(x[i]);
    return simd_from_u32(r);
}

static inline rt_v128 simd_i32x4_trunc_sat_f64x2_s_zero(rt_v128 a)
{
    double x[2];
    simd_f64(a, x);
    uint32_t r[4] = {simd_trunc_sat_s32(x[0]), simd_trunc_sat_s32(x[1]), 0, 0};
    return simd_from_u32(r);
}

static inline rt_v128 simd_i32x4_trunc_sat_f64x2_u_zero(rt_v128 a)
{
    double x[2];
    simd_f64(a, x);
    uint32_t r[4] = {simd_trunc_sat_u32(x[0]), simd_trunc_sat_u32(x[1]), 0, 0};
    return simd_from_u32(r);
}

/* int64 -> float converts in one correctly rounded step. */
static inline rt_v128 simd_f32x4_convert_i32x4_s(rt_v128 a)
{
    uint32_t x[4];
    float r[4];
    simd_u32(a, x);
    for (int i = 0; i < 4; i++)
        r[i] = (float)simd_s32(x[i]);
    return simd_from_f32(r);
}

static inline rt_v128 simd_f32x4_convert_i32x4_u(rt_v128 a)
{
    uint32_t x[4];
    float r[4];
    simd_u32(a, x);
    for (int i = 0; i < 4; i++)
        r[i] = (float)x[i];
    return simd_from_f32(r);
}

static inline rt_v128 simd_f64x2_convert_low_i32x4_s(rt_v128 a)
{
    uint32_t x[4];
    simd_u32(a, x);
    double r[2] = {(double)simd_s32(x[0]), (double)simd_s32(x[1])};
    return simd_from_f64(r);
}

static inline rt_v128 simd_f64x2_convert_low_i32x4_u(rt_v128 a)
{
    uint32_t x[4];
    simd_u32(a, x);
    double r[2] = {(double)x[0], (double)x[1]};
    return simd_from_f64(r);
}

/* Demote rounds to nearest; NaNs come out quiet (arithmetic), as allowed. */
static inline rt_v128 simd_f32x4_demote_f64x2_zero(rt_v128 a)
{
    double x[2];
    simd_f64(a, x);
    float r[4] = {(float)x[0], (float)x[1], 0.0f, 0.0f};
    return simd_from_f32(r);
}

static inline rt_v128 simd_f64x2_promote_low_f32x4(rt_v128 a)
{
    float x[4];
    simd_f32(a, x);
    double r[2] = {(double)x[0], (double)x[1]};
    return simd_from_f64(r);
}

/* ---- widening and narrowing ------------------------------------------------------
 * SIMD_EXT(bits) reads a lane of `bits` as signed (S) or unsigned (U), widened
 * to a 64-bit integer so products and sums never overflow. */

#define SIMD_S8(x) ((int64_t)simd_s8((uint8_t)(x)))
#define SIMD_S16(x) ((int64_t)simd_s16((uint16_t)(x)))
#define SIMD_S32(x) simd_s32((uint32_t)(x))
#define SIMD_U8(x) ((uint64_t)(x))
#define SIMD_U16(x) ((uint64_t)(x))
#define SIMD_U32(x) ((uint64_t)(x))

/* Lanes first..first+n-1 of `a`, each widened from `from` to `to` bits. */
#define SIMD_EXTEND(name, from, to, first, ext)                             \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        uint##from##_t x[128 / from];                                       \
        uint##to##_t r[128 / to];                                           \
        SIMD_GET##from(a, x);                                               \
        for (int i = 0; i < 128 / to; i++)                                  \
            r[i] = (uint##to##_t)ext(x[first + i]);                         \
        return SIMD_PUT##to(r);                                             \
    }

#define SIMD_EXTMUL(name, from, to, first, ext)                             \
    static inline rt_v128 simd_##name(rt_v128 a, rt_v128 b)                 \
    {                                                                       \
        uint##from##_t x[128 / from], y[128 / from];                        \
        uint##to##_t r[128 / to];                                           \
        SIMD_GET##from(a, x);                                               \
        SIMD_GET##from(b, y);                                               \
        for (int i = 0; i < 128 / to; i++)                                  \
            r[i] = (uint##to##_t)(ext(x[first + i]) * ext(y[first + i]));   \
        return SIMD_PUT##to(r);                                             \
    }

#define SIMD_EXTADD(name, from, to, ext)                                    \
    static inline rt_v128 simd_##name(rt_v128 a)                            \
    {                                                                       \
        uint##from##_t x[128 / from];                                       \
        uint##to##_t r[128 / to];                                           \
        SIMD_GET##from(a, x);                                               \
        for (int i = 0; i < 128 / to; i++)                                  \
            r[i] = (uint##to##_t)(ext(x[2 * i]) + ext(x[2 * i + 1]));       \
        return SIMD_PUT##to(r);                                             \
    }

SIMD_EXTEND(i16x8_extend_low_i8x16_s, 8, 16, 0, SIMD_S8)
SIMD_EXTEND(i16x8_extend_high_i8x16_s, 8, 16, 8, SIMD_S8)
SIMD_EXTEND(i16x8_extend_low_i8x16_u, 8, 16, 0, SIMD_U8)
SIMD_EXTEND(i16x8_extend_high_i8x16_u, 8, 16, 8, SIMD_U8)
SIMD_EXTEND(i32x4_extend_low_i16x8_s, 16, 32, 0, SIMD_S16)
SIMD_EXTEND(i32x4_extend_high_i16x8_s, 16, 32, 4, SIMD_S16)
SIMD_EXTEND(i32x4_extend_low_i16x8_u, 16, 32, 0, SIMD_U16)
SIMD_EXTEND(i32x4_extend_high_i16x8_u, 16, 32, 4, SIMD_U16)
SIMD_EXTEND(i64x2_extend_low_i32x4_s, 32, 64, 0, SIMD_S32)
SIMD_EXTEND(i64x2_extend_high_i32x4_s, 32, 64, 2, SIMD_S32)
SIMD_EXTEND(i64x2_extend_low_i32x4_u, 32, 64, 0, SIMD_U32)
SIMD_EXTEND(i64x2_extend_high_i32x4_u, 32, 64, 2, SIMD_U32)

SIMD_EXTMUL(i16x8_extmul_low_i8x16_s, 8, 16, 0, SIMD_S8)
SIMD_EXTMUL(i16x8_extmul_high_i8x16_s, 8, 16, 8, SIMD_S8)
SIMD_EXTMUL(i16x8_extmul_low_i8x16_u, 8, 16, 0, SIMD_U8)
SIMD_EXTMUL(i16x8_extmul_high_i8x16_u, 8, 16, 8, SIMD_U8)
SIMD_EXTMUL(i32x4_extmul_low_i16x8_s, 16, 32, 0, SIMD_S16)
SIMD_EXTMUL(i32x4_extmul_high_i16x8_s, 16, 32, 4, SIMD_S16)
SIMD_EXTMUL(i32x4_extmul_low_i16x8_u, 16, 32, 0, SIMD_U16)
SIMD_EXTMUL(i32x4_extmul_high_i16x8_u, 16, 32, 4, SIMD_U16)
SIMD_EXTMUL(i64x2_extmul_low_i32x4_s, 32, 64, 0, SIMD_S32)
SIMD_EXTMUL(i64x2_extmul_high_i32x4_s, 32, 64, 2, SIMD_S32)
SIMD_EXTMUL(i64x2_extmul_low_i32x4_u, 32, 64, 0, SIMD_U32)
SIMD_EXTMUL(i64x2_extmul_high_i32x4_u, 32, 64, 2, SIMD_U32)

SIMD_EXTADD(i16x8_extadd_pairwise_i8x16_s, 8, 16, SIMD_S8)
SIMD_EXTADD(i16x8_extadd_pairwise_i8x16_u, 8, 16, SIMD_U8)
SIMD_EXTADD(i32x4_extadd_pairwise_i16x8_s, 16, 32, SIMD_S16)
SIMD_EXTADD(i32x4_extadd_pairwise_i16x8_u, 16, 32, SIMD_U16)

/* Sum of adjacent signed 16-bit products; wraps only for four -32768s. */
static inline rt_v128 simd_i32x4_dot_i16x8_s(rt_v128 a, rt_v128 b)
{
    uint16_t x[8], y[8];
    uint32_t r[4];
    simd_u16(a, x);
    simd_u16(b, y);
    for (int i = 0; i < 4; i++)
        r[i] = (uint32_t)(SIMD_S16(x[2 * i]) * SIMD_S16(y[2 * i]) +
                          SIMD_S16(x[2 * i + 1]) * SIMD_S16(y[2 * i + 1]));
    return simd_from_u32(r);
}

/* Narrowing: lanes of `a` then of `b`, each signed input saturated to the
 * narrower signed (_s) or unsigned (_u) range. */
static inline rt_v128 simd_i8x16_narrow_i16x8_s(rt_v128 a, rt_v128 b)
{
    uint16_t x[8], y[8];
    uint8_t r[16];
    simd_u16(a, x);
    simd_u16(b, y);
    for (int i = 0; i < 8; i++) {
        r[i] = (uint8_t)simd_clamp32(simd_s16(x[i]), -128, 127);
        r[8 + i] = (uint8_t)simd_clamp32(simd_s16(y[i]), -128, 127);
    }
    return simd_from_bytes(r);
}

static inline rt_v128 simd_i8x16_narrow_i16x8_u(rt_v128 a, rt_v128 b)
{
    uint16_t x[8], y[8];
    uint8_t r[16];
    simd_u16(a, x);
    simd_u16(b, y);
    for (int i = 0; i < 8; i++) {
        r[i] = (uint8_t)simd_clamp32(simd_s16(x[i]), 0, 255);
        r[8 + i] = (uint8_t)simd_clamp32(simd_s16(y[i]), 0, 255);
    }
    return simd_from_bytes(r);
}

static inline rt_v128 simd_i16x8_narrow_i32x4_s(rt_v128 a, rt_v128 b)
{
    uint32_t x[4], y[4];
    uint16_t r[8];
    simd_u32(a, x);
    simd_u32(b, y);
    for (int i = 0; i < 4; i++) {
        r[i] = (uint16_t)simd_clamp32(simd_s32(x[i]), -32768, 32767);
        r[4 + i] = (uint16_t)simd_clamp32(simd_s32(y[i]), -32768, 32767);
    }
    return simd_from_u16(r);
}

static inline rt_v128 simd_i16x8_narrow_i32x4_u(rt_v128 a, rt_v128 b)
{
    uint32_t x[4], y[4];
    uint16_t r[8];
    simd_u32(a, x);
    simd_u32(b, y);
    for (int i = 0; i < 4; i++) {
        r[i] = (uint16_t)simd_clamp32(simd_s32(x[i]), 0, 65535);
        r[4 + i] = (uint16_t)simd_clamp32(simd_s32(y[i]), 0, 65535);
    }
    return simd_from_u16(r);
}

/* ---- all_true and bitmask ----------------------------------------------------------- */

#define SIMD_ALL_TRUE(name, bits)                                           \
    static inline uint32_t simd_##name(rt_v128 a)                           \
    {                                                                       \
        uint##bits##_t x[128 / bits];                                       \
        SIMD_GET##bits(a, x);                                               \
        for (int i = 0; i < 128 / bits; i++)                                \
            if (x[i] == 0)                                                  \
                return 0;                                                   \
        return 1;                                                           \
    }

/* Bit i of the result is the sign bit of lane i. */
#define SIMD_BITMASK(name, bits)                                            \
    static inline uint32_t simd_##name(rt_v128 a)                           \
    {                                                                       \
        uint##bits##_t x[128 / bits];                                       \
        uint32_t r = 0;                                                     \
        SIMD_GET##bits(a, x);                                               \
        for (int i = 0; i < 128 / bits; i++)                                \
            r |= (uint32_t)(x[i] >> (bits - 1)) << i;                       \
        return r;                                                           \
    }

SIMD_ALL_TRUE(i8x16_all_true, 8)
SIMD_ALL_TRUE(i16x8_all_true, 16)
SIMD_ALL_TRUE(i32x4_all_true, 32)
SIMD_ALL_TRUE(i64x2_all_true, 64)
SIMD_BITMASK(i8x16_bitmask, 8)
SIMD_BITMASK(i16x8_bitmask, 16)
SIMD_BITMASK(i32x4_bitmask, 32)
SIMD_BITMASK(i64x2_bitmask, 64)

/* ---- swizzle and shuffle ------------------------------------------------------------- */

/* Lane i is a[s[i]], or 0 when s[i] >= 16. */
static inline rt_v128 simd_i8x16_swizzle(rt_v128 a, rt_v128 s)
{
    uint8_t x[16], idx[16], r[16];
    simd_bytes(a, x);
    simd_bytes(s, idx);
    for (int i = 0; i < 16; i++)
        r[i] = idx[i] < 16 ? x[idx[i]] : 0;
    return simd_from_bytes(r);
}

/* Lane i is byte lanes[i] of the 32-byte concatenation a ++ b (validation
 * guarantees lanes[i] < 32; the mask keeps reads in bounds regardless). */
static inline rt_v128 simd_i8x16_shuffle(rt_v128 a, rt_v128 b, const uint8_t lanes[16])
{
    uint8_t ab[32], r[16];
    simd_bytes(a, ab);
    simd_bytes(b, ab + 16);
    for (int i = 0; i < 16; i++)
        r[i] = ab[lanes[i] & 31];
    return simd_from_bytes(r);
}

/* ---- splat, extract_lane, replace_lane ----------------------------------------------- */

static inline rt_v128 simd_i8x16_splat(uint32_t x)
{
    uint8_t r[16];
    memset(r, (uint8_t)x, 16);
    return simd_from_bytes(r);
}

static inline rt_v128 simd_i16x8_splat(uint32_t x)
{
    uint16_t r[8];
    for (int i = 0; i < 8; i++)
        r[i] = (uint16_t)x;
    return simd_from_u16(r);
}

static inline rt_v128 simd_i32x4_splat(uint32_t x)
{
    uint32_t r[4] = {x, x, x, x};
    return simd_from_u32(r);
}

static inline rt_v128 simd_i64x2_splat(uint64_t x)
{
    uint64_t r[2] = {x, x};
    return simd_from_u64(r);
}

static inline rt_v128 simd_f32x4_splat(uint32_t bits) { return simd_i32x4_splat(bits); }
static inline rt_v128 simd_f64x2_splat(uint64_t bits) { return simd_i64x2_splat(bits); }

static inline uint32_t simd_i8x16_extract_lane_s(rt_v128 a, unsigned lane)
{
    uint8_t x[16];
    simd_bytes(a, x);
    return (uint32_t)simd_s8(x[lane & 15]);
}

static inline uint32_t simd_i8x16_extract_lane_u(rt_v128 a, unsigned lane)
{
    uint8_t x[16];
    simd_bytes(a, x);
    return x[lane & 15];
}

static inline uint32_t simd_i16x8_extract_lane_s(rt_v128 a, unsigned lane)
{
    uint16_t x[8];
    simd_u16(a, x);
    return (uint32_t)simd_s16(x[lane & 7]);
}

static inline uint32_t simd_i16x8_extract_lane_u(rt_v128 a, unsigned lane)
{
    uint16_t x[8];
    simd_u16(a, x);
    return x[lane & 7];
}

static inline uint32_t simd_i32x4_extract_lane(rt_v128 a, unsigned lane)
{
    uint32_t x[4];
    simd_u32(a, x);
    return x[lane & 3];
}

static inline uint64_t simd_i64x2_extract_lane(rt_v128 a, unsigned lane)
{
    uint64_t x[2];
    simd_u64(a, x);
    return x[lane & 1];
}

static inline uint32_t simd_f32x4_extract_lane(rt_v128 a, unsigned lane)
{
    return simd_i32x4_extract_lane(a, lane);
}

static inline uint64_t simd_f64x2_extract_lane(rt_v128 a, unsigned lane)
{
    return simd_i64x2_extract_lane(a, lane);
}

static inline rt_v128 simd_i8x16_replace_lane(rt_v128 a, unsigned lane, uint32_t x)
{
    uint8_t r[16];
    simd_bytes(a, r);
    r[lane & 15] = (uint8_t)x;
    return simd_from_bytes(r);
}

static inline rt_v128 simd_i16x8_replace_lane(rt_v128 a, unsigned lane, uint32_t x)
{
    uint16_t r[8];
    simd_u16(a, r);
    r[lane & 7] = (uint16_t)x;
    return simd_from_u16(r);
}

static inline rt_v128 simd_i32x4_replace_lane(rt_v128 a, unsigned lane, uint32_t x)
{
    uint32_t r[4];
    simd_u32(a, r);
    r[lane & 3] = x;
    return simd_from_u32(r);
}

static inline rt_v128 simd_i64x2_replace_lane(rt_v128 a, unsigned lane, uint64_t x)
{
    uint64_t r[2];
    simd_u64(a, r);
    r[lane & 1] = x;
    return simd_from_u64(r);
}

static inline rt_v128 simd_f32x4_replace_lane(rt_v128 a, unsigned lane, uint32_t bits)
{
    return simd_i32x4_replace_lane(a, lane, bits);
}

static inline rt_v128 simd_f64x2_replace_lane(rt_v128 a, unsigned lane, uint64_t bits)
{
    return simd_i64x2_replace_lane(a, lane, bits);
}

/* ---- memory ---------------------------------------------------------------------------
 * `p` points at the effective address; the caller has checked that the
 * accessed bytes (16, 8, 4, 2 or 1) are inside the memory. */

/* v128.const: the 16 immediate bytes as they appear in the instruction. */
static inline rt_v128 simd_v128_const(const uint8_t bytes[16]) { return simd_from_bytes(bytes); }

static inline rt_v128 simd_v128_load(const uint8_t *p) { return simd_from_bytes(p); }

static inline void simd_v128_store(uint8_t *p, rt_v128 v) { memcpy(p, &v, 16); }

/* 8 bytes, widened lane by lane: the load form of extend_low. */
static inline rt_v128 simd_v128_load8x8_s(const uint8_t *p)
{
    uint16_t r[8];
    for (int i = 0; i < 8; i++)
        r[i] = (uint16_t)simd_s8(p[i]);
    return simd_from_u16(r);
}

static inline rt_v128 simd_v128_load8x8_u(const uint8_t *p)
{
    uint16_t r[8];
    for (int i = 0; i < 8; i++)
        r[i] = p[i];
    return simd_from_u16(r);
}

static inline rt_v128 simd_v128_load16x4_s(const uint8_t *p)
{
    uint32_t r[4];
    for (int i = 0; i < 4; i++)
        r[i] = (uint32_t)simd_s16(simd_le16(p + 2 * i));
    return simd_from_u32(r);
}

static inline rt_v128 simd_v128_load16x4_u(const uint8_t *p)
{
    uint32_t r[4];
    for (int i = 0; i < 4; i++)
        r[i] = simd_le16(p + 2 * i);
    return simd_from_u32(r);
}

static inline rt_v128 simd_v128_load32x2_s(const uint8_t *p)
{
    uint64_t r[2] = {(uint64_t)simd_s32(simd_le32(p)), (uint64_t)simd_s32(simd_le32(p + 4))};
    return simd_from_u64(r);
}

static inline rt_v128 simd_v128_load32x2_u(const uint8_t *p)
{
    uint64_t r[2] = {simd_le32(p), simd_le32(p + 4)};
    return simd_from_u64(r);
}

static inline rt_v128 simd_v128_load8_splat(const uint8_t *p) { return simd_i8x16_splat(p[0]); }
static inline rt_v128 simd_v128_load16_splat(const uint8_t *p) { return simd_i16x8_splat(simd_le16(p)); }
static inline rt_v128 simd_v128_load32_splat(const uint8_t *p) { return simd_i32x4_splat(simd_le32(p)); }
static inline rt_v128 simd_v128_load64_splat(const uint8_t *p) { return simd_i64x2_splat(simd_le64(p)); }

static inline rt_v128 simd_v128_load32_zero(const uint8_t *p)
{
    uint8_t r[16] = {0};
    memcpy(r, p, 4);
    return simd_from_bytes(r);
}

static inline rt_v128 simd_v128_load64_zero(const uint8_t *p)
{
    uint8_t r[16] = {0};
    memcpy(r, p, 8);
    return simd_from_bytes(r);
}

/* Lane loads replace one lane of `v` with the bytes at p; lane stores write
 * one lane of `v` to p. Lanes are little-endian in memory and in v128, so
 * both are plain byte copies at the lane's offset. */
#define SIMD_LANE_MEMORY(bits)                                              \
    static inline rt_v128 simd_v128_load##bits##_lane(const uint8_t *p,     \
                                                      rt_v128 v, unsigned lane) \
    {                                                                       \
        uint8_t r[16];                                                      \
        simd_bytes(v, r);                                                   \
        memcpy(r + (lane & (128 / bits - 1)) * (bits / 8), p, bits / 8);    \
        return simd_from_bytes(r);                                          \
    }                                                                       \
    static inline void simd_v128_store##bits##_lane(uint8_t *p, rt_v128 v,  \
                                                    unsigned lane)          \
    {                                                                       \
        uint8_t r[16];                                                      \
        simd_bytes(v, r);                                                   \
        memcpy(p, r + (lane & (128 / bits - 1)) * (bits / 8), bits / 8);    \
    }

SIMD_LANE_MEMORY(8)
SIMD_LANE_MEMORY(16)
SIMD_LANE_MEMORY(32)
SIMD_LANE_MEMORY(64)


/* ---- table of the value-only operations (simd_table.c) ---------------------------------
 * Every 0xfd instruction whose operands and result are all on the stack
 * with fixed types: unary, binary and ternary v128 ops, shifts (v128, i32)
 * and tests (v128 -> i32). Not in the table: v128.const, shuffle, splat,
 * lane and memory instructions, which take scalars, immediates or memory. */

typedef enum simd_op_kind {
    SIMD_OP_NONE = 0,           /* not a table operation */
    SIMD_OP_UNARY,              /* v128 -> v128 */
    SIMD_OP_BINARY,             /* v128 v128 -> v128 */
    SIMD_OP_TERNARY,            /* v128 v128 v128 -> v128 (bitselect) */
    SIMD_OP_SHIFT,              /* v128 i32 -> v128 */
    SIMD_OP_TEST,               /* v128 -> i32 */
} simd_op_kind;

typedef struct simd_op_info {
    const char *name;           /* text format name, e.g. "i8x16.add" */
    simd_op_kind kind;
    union {
        rt_v128 (*unary)(rt_v128);
        rt_v128 (*binary)(rt_v128, rt_v128);
        rt_v128 (*ternary)(rt_v128, rt_v128, rt_v128);
        rt_v128 (*shift)(rt_v128, uint32_t);
        uint32_t (*test)(rt_v128);
    } fn;
} simd_op_info;

/* The operation with sub-opcode `sub` (the LEB128 after 0xfd), or NULL. */
const simd_op_info *simd_op_lookup(uint32_t sub);

#endif
