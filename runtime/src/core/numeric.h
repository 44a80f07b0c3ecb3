#ifndef RT_CORE_NUMERIC_H
#define RT_CORE_NUMERIC_H

/* Scalar numeric helpers with the exact WebAssembly semantics where C's
 * differ: bit counts, rotations, min/max with NaN and signed zeros, and the
 * range checks of float-to-integer truncation. */

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

static inline uint32_t num_clz32(uint32_t x)
{
#if defined(__GNUC__)
    return x ? (uint32_t)__builtin_clz(x) : 32;
#else
    uint32_t n = 0;
    if (!x)
        return 32;
    while (!(x & 0x80000000u)) {
        x <<= 1;
        n++;
    }
    return n;
#endif
}

static inline uint32_t num_ctz32(uint32_t x)
{
#if defined(__GNUC__)
    return x ? (uint32_t)__builtin_ctz(x) : 32;
#else
    uint32_t n = 0;
    if (!x)
        return 32;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

static inline uint32_t num_popcnt32(uint32_t x)
{
#if defined(__GNUC__)
    return (uint32_t)__builtin_popcount(x);
#else
    uint32_t n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
#endif
}

static inline uint64_t num_clz64(uint64_t x)
{
    return (x >> 32) ? num_clz32((uint32_t)(x >> 32)) : 32 + num_clz32((uint32_t)x);
}

static inline uint64_t num_ctz64(uint64_t x)
{
    return (uint32_t)x ? num_ctz32((uint32_t)x) : 32 + num_ctz32((uint32_t)(x >> 32));
}

static inline uint64_t num_popcnt64(uint64_t x)
{
    return num_popcnt32((uint32_t)x) + num_popcnt32((uint32_t)(x >> 32));
}

static inline uint32_t num_rotl32(uint32_t x, uint32_t n)
{
    n &= 31;
    return (x << n) | (x >> ((32 - n) & 31));
}

static inline uint32_t num_rotr32(uint32_t x, uint32_t n)
{
    n &= 31;
    return (x >> n) | (x << ((32 - n) & 31));
}

static inline uint64_t num_rotl64(uint64_t x, uint64_t n)
{
    n &= 63;
    return (x << n) | (x >> ((64 - n) & 63));
}

static inline uint64_t num_rotr64(uint64_t x, uint64_t n)
{
    n &= 63;
    return (x >> n) | (x << ((64 - n) & 63));
}

/* Arithmetic right shift without relying on implementation-defined
 * behaviour of >> on negative values. */
static inline uint32_t num_shr_s32(uint32_t x, uint32_t n)
{
    n &= 31;
    uint32_t r = x >> n;
    if ((x & 0x80000000u) && n)
        r |= ~(UINT32_MAX >> n);
    return r;
}

static inline uint64_t num_shr_s64(uint64_t x, uint64_t n)
{
    n &= 63;
    uint64_t r = x >> n;
    if ((x >> 63) && n)
        r |= ~(UINT64_MAX >> n);
    return r;
}

/* Sign extension from the low `bits` bits, without signed overflow. */
static inline uint64_t num_sext(uint64_t x, unsigned bits)
{
    uint64_t m = (uint64_t)1 << (bits - 1); /* bits is 8, 16 or 32 */
    x &= (m << 1) - 1;
    return (x ^ m) - m;
}

/* min/max: NaN in, NaN out (x + y keeps it arithmetic); -0 < +0. */
static inline float num_fminf(float x, float y)
{
    if (x != x || y != y)
        return x + y;
    if (x == 0 && y == 0)
        return signbit(x) ? x : y;
    return x < y ? x : y;
}

static inline float num_fmaxf(float x, float y)
{
    if (x != x || y != y)
        return x + y;
    if (x == 0 && y == 0)
        return signbit(x) ? y : x;
    return x > y ? x : y;
}

static inline double num_fmin(double x, double y)
{
    if (x != x || y != y)
        return x + y;
    if (x == 0 && y == 0)
        return signbit(x) ? x : y;
    return x < y ? x : y;
}

static inline double num_fmax(double x, double y)
{
    if (x != x || y != y)
        return x + y;
    if (x == 0 && y == 0)
        return signbit(x) ? y : x;
    return x > y ? x : y;
}

/* Range checks for truncation: true when trunc(x) fits. The bounds are
 * exact in double, and every float converts to double exactly. */
static inline bool num_fits_i32(double x) { return x > -2147483649.0 && x < 2147483648.0; }
static inline bool num_fits_u32(double x) { return x > -1.0 && x < 4294967296.0; }
static inline bool num_fits_i64(double x)
{
    return x >= -9223372036854775808.0 && x < 9223372036854775808.0;
}
static inline bool num_fits_u64(double x) { return x > -1.0 && x < 18446744073709551616.0; }

/* Saturating truncations: NaN is 0, out of range clamps. */
static inline uint32_t num_sat_i32(double x)
{
    if (x != x)
        return 0;
    if (x <= -2147483648.0)
        return 0x80000000u;
    if (x >= 2147483647.0)
        return 0x7fffffffu;
    return (uint32_t)(int32_t)x;
}

static inline uint32_t num_sat_u32(double x)
{
    if (x != x || x <= 0)
        return 0;
    if (x >= 4294967295.0)
        return UINT32_MAX;
    return (uint32_t)x;
}

static inline uint64_t num_sat_i64(double x)
{
    if (x != x)
        return 0;
    if (x <= -9223372036854775808.0)
        return (uint64_t)1 << 63;
    if (x >= 9223372036854775808.0)
        return UINT64_MAX >> 1;
    return (uint64_t)(int64_t)x;
}

static inline uint64_t num_sat_u64(double x)
{
    if (x != x || x <= 0)
        return 0;
    if (x >= 18446744073709551616.0)
        return UINT64_MAX;
    return (uint64_t)x;
}

/* Bit-pattern float ops: sign manipulation never touches the payload. */
static inline uint32_t num_f32_bits(float f)
{
    union { float f; uint32_t u; } c = {.f = f};
    return c.u;
}

static inline double num_nearest(double x) { return nearbyint(x); }
static inline float num_nearestf(float x) { return nearbyintf(x); }

#endif
