#ifndef COMP_TEXT_LITERALS_H
#define COMP_TEXT_LITERALS_H

/* Conversion of number tokens to values (private). The lexer only checks
 * the number grammar; the range depends on where the number is used, so
 * it is checked here ("constant out of range"). Each function takes the
 * token (TOK_INT or TOK_FLOAT; floats also accept TOK_INT) and fails with
 * a comp_error at the token's position. Underscores are allowed between
 * digits as the grammar says. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "comp/error.h"
#include "text/lexer.h"

/* Sets `err` (if non-NULL) at `pos` (offset, line and column). Always
 * returns false. */
bool text_fail(comp_error *err, text_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool text_vfail(comp_error *err, text_pos pos, const char *fmt, va_list ap);

/* uN: an unsigned integer without sign (indices, offsets, limits). */
bool text_int_u32(const text_token *t, uint32_t *out, comp_error *err);
bool text_int_u64(const text_token *t, uint64_t *out, comp_error *err);
/* sN: a signed integer, -2^(N-1) .. 2^(N-1)-1 (a sign is optional). */
bool text_int_s32(const text_token *t, int32_t *out, comp_error *err);
/* iN: either interpretation, -2^(N-1) .. 2^N-1; the result is the N-bit
 * pattern (so -1 and 0xffffffff give the same value). */
bool text_int_i32(const text_token *t, uint32_t *out, comp_error *err);
bool text_int_i64(const text_token *t, uint64_t *out, comp_error *err);
/* iN for any N in 1..64 (SIMD lanes: 8, 16, 32, 64). */
bool text_int_bits(const text_token *t, unsigned bits, uint64_t *out, comp_error *err);

/* fN: the IEEE bit pattern. Decimal and hexadecimal floats (correctly
 * rounded, ties to even; f32 is rounded once, directly), inf, nan and
 * nan:0x payloads (nonzero, fitting the significand), and integers. */
bool text_float_f32(const text_token *t, uint32_t *bits, comp_error *err);
bool text_float_f64(const text_token *t, uint64_t *bits, comp_error *err);

/* v128.const shapes and their lanes. */
typedef enum text_v128_shape {
    TEXT_V128_I8X16,
    TEXT_V128_I16X8,
    TEXT_V128_I32X4,
    TEXT_V128_I64X2,
    TEXT_V128_F32X4,
    TEXT_V128_F64X2,
} text_v128_shape;

/* The shape named by keyword token `t` ("i32x4"...). */
bool text_v128_shape_of(const text_token *t, text_v128_shape *out, comp_error *err);
unsigned text_v128_lane_count(text_v128_shape shape);
/* Converts lane `lane` (< lane count) from `t` into its little-endian
 * place in `bytes`. */
bool text_v128_lane(text_v128_shape shape, const text_token *t, unsigned lane,
                    uint8_t bytes[16], comp_error *err);

#endif
