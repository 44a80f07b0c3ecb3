/* Shared by the benchmark programs: fixed-width types and the export
 * attribute. The programs are freestanding (no libc, no system headers) so
 * the same source builds for wasm32 with clang -nostdlib and natively with
 * gcc; the types come from the compilers' predefined macros so both sides
 * compute with the same widths. */
#ifndef BENCH_H
#define BENCH_H

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __INT32_TYPE__ i32;
typedef __UINT64_TYPE__ u64;
typedef __INT64_TYPE__ i64;
typedef __SIZE_TYPE__ usize;

/* The one entry point of every program: a problem size in, a checksum out. */
#define BENCH_EXPORT __attribute__((visibility("default")))
BENCH_EXPORT u32 run(u32 n);

/* xorshift32: deterministic input data that the compiler cannot fold. */
static inline u32 bench_next(u32 *state)
{
    u32 x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Folds a double into 32 bits by its exact bit pattern, so the wasm and
 * native runs must agree to the last bit. */
static inline u32 bench_fold_f64(double d)
{
    union { double d; u64 u; } v;
    v.d = d;
    return (u32)(v.u ^ (v.u >> 32));
}

#endif
