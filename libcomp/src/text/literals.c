#include "text/literals.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool text_vfail(comp_error *err, text_pos pos, const char *fmt, va_list ap)
{
    if (!err)
        return false;
    err->offset = pos.offset;
    err->line = pos.line;
    err->col = pos.col;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return false;
}

bool text_fail(comp_error *err, text_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vfail(err, pos, fmt, ap);
    va_end(ap);
    return false;
}

static bool out_of_range(const text_token *t, comp_error *err)
{
    return text_fail(err, t->pos, "constant out of range: `%.*s`", (int)(t->len > 40 ? 40 : t->len),
                     t->text);
}

static bool not_a_number(const text_token *t, const char *what, comp_error *err)
{
    return text_fail(err, t->pos, "expected %s, found %s `%.*s`", what, text_tok_kind_name(t->kind),
                     (int)(t->len > 40 ? 40 : t->len), t->text);
}

/* The magnitude of an integer token (the lexer checked the grammar), and
 * whether it had a minus sign / any sign. False when it exceeds 2^64-1. */
static bool magnitude(const text_token *t, uint64_t *mag, bool *negative, bool *signed_)
{
    const char *s = t->text, *end = t->text + t->len;
    *negative = *signed_ = false;
    if (s < end && (*s == '+' || *s == '-')) {
        *negative = *s == '-';
        *signed_ = true;
        s++;
    }
    unsigned base = 10;
    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    uint64_t v = 0;
    for (; s < end; s++) {
        if (*s == '_')
            continue;
        int d = text_hex_digit(*s);
        if (d < 0 || (unsigned)d >= base)
            return false;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return false;
        v = v * base + (uint64_t)d;
    }
    *mag = v;
    return true;
}

static bool unsigned_value(const text_token *t, uint64_t max, uint64_t *out, comp_error *err)
{
    if (t->kind != TOK_INT)
        return not_a_number(t, "an unsigned integer", err);
    uint64_t mag;
    bool neg, sign;
    if (!magnitude(t, &mag, &neg, &sign))
        return out_of_range(t, err);
    if (sign)
        return not_a_number(t, "an unsigned integer", err);
    if (mag > max)
        return out_of_range(t, err);
    *out = mag;
    return true;
}

bool text_int_u32(const text_token *t, uint32_t *out, comp_error *err)
{
    uint64_t v;
    if (!unsigned_value(t, UINT32_MAX, &v, err))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool text_int_u64(const text_token *t, uint64_t *out, comp_error *err)
{
    return unsigned_value(t, UINT64_MAX, out, err);
}

bool text_int_bits(const text_token *t, unsigned bits, uint64_t *out, comp_error *err)
{
    if (t->kind != TOK_INT)
        return not_a_number(t, "an integer", err);
    uint64_t mag;
    bool neg, sign;
    if (!magnitude(t, &mag, &neg, &sign))
        return out_of_range(t, err);
    uint64_t mask = bits >= 64 ? UINT64_MAX : (((uint64_t)1 << bits) - 1);
    uint64_t min_mag = (uint64_t)1 << (bits - 1); /* |-2^(N-1)| */
    if (neg) {
        if (mag > min_mag)
            return out_of_range(t, err);
        *out = (0 - mag) & mask;
    } else {
        if (mag > mask)
            return out_of_range(t, err);
        *out = mag;
    }
    return true;
}

bool text_int_i32(const text_token *t, uint32_t *out, comp_error *err)
{
    uint64_t v;
    if (!text_int_bits(t, 32, &v, err))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool text_int_i64(const text_token *t, uint64_t *out, comp_error *err)
{
    return text_int_bits(t, 64, out, err);
}

bool text_int_s32(const text_token *t, int32_t *out, comp_error *err)
{
    if (t->kind != TOK_INT)
        return not_a_number(t, "an integer", err);
    uint64_t mag;
    bool neg, sign;
    if (!magnitude(t, &mag, &neg, &sign))
        return out_of_range(t, err);
    if (neg ? mag > 0x80000000u : mag > 0x7fffffffu)
        return out_of_range(t, err);
    *out = neg ? (int32_t)(0 - (uint32_t)mag) : (int32_t)mag;
    return true;
}

/* ---- floats ------------------------------------------------------------ */

typedef struct float_format {
    unsigned mantissa_bits; /* explicit significand bits: 23 or 52 */
    unsigned total_bits;    /* 32 or 64 */
} float_format;

/* nan, nan:0x..., inf (after the sign). True when handled; then `*ok`
 * tells whether the payload was in range. */
static bool special_float(const text_token *t, const char *s, const char *end, bool neg,
                          float_format f, uint64_t *bits, bool *ok)
{
    uint64_t sign_bit = neg ? (uint64_t)1 << (f.total_bits - 1) : 0;
    uint64_t exp_all = ((f.total_bits == 32 ? (uint64_t)0xff : (uint64_t)0x7ff)) << f.mantissa_bits;
    size_t n = (size_t)(end - s);
    *ok = true;
    if (n == 3 && memcmp(s, "inf", 3) == 0) {
        *bits = sign_bit | exp_all;
        return true;
    }
    if (n == 3 && memcmp(s, "nan", 3) == 0) {
        *bits = sign_bit | exp_all | ((uint64_t)1 << (f.mantissa_bits - 1));
        return true;
    }
    if (n > 6 && memcmp(s, "nan:0x", 6) == 0) {
        uint64_t payload = 0;
        uint64_t limit = ((uint64_t)1 << f.mantissa_bits) - 1;
        for (s += 6; s < end; s++) {
            if (*s == '_')
                continue;
            int d = text_hex_digit(*s);
            if (d < 0 || payload > limit) {
                *ok = false;
                return true;
            }
            payload = payload * 16 + (uint64_t)d;
        }
        *ok = payload >= 1 && payload <= limit;
        *bits = sign_bit | exp_all | payload;
        return true;
    }
    (void)t;
    return false;
}

/* Converts with strtof/strtod (correctly rounded by glibc, decimal and
 * hexadecimal alike) after removing the underscores. */
static bool ordinary_float(const text_token *t, float_format f, uint64_t *bits, comp_error *err)
{
    char small[128];
    char *copy = t->len < sizeof small ? small : malloc(t->len + 1);
    if (!copy)
        return text_fail(err, t->pos, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < t->len; i++)
        if (t->text[i] != '_')
            copy[n++] = t->text[i];
    copy[n] = '\0';
    char *end;
    bool ok;
    errno = 0;
    if (f.total_bits == 32) {
        float v = strtof(copy, &end);
        ok = !isinf(v);
        uint32_t b;
        memcpy(&b, &v, 4);
        *bits = b;
    } else {
        double v = strtod(copy, &end);
        ok = !isinf(v);
        memcpy(bits, &v, 8);
    }
    bool whole = end == copy + n;
    if (copy != small)
        free(copy);
    if (!whole)
        return not_a_number(t, "a float", err);
    if (!ok)
        return out_of_range(t, err);
    return true;
}

static bool float_value(const text_token *t, float_format f, uint64_t *bits, comp_error *err)
{
    if (t->kind != TOK_INT && t->kind != TOK_FLOAT)
        return not_a_number(t, "a float", err);
    const char *s = t->text, *end = t->text + t->len;
    bool neg = false;
    if (s < end && (*s == '+' || *s == '-')) {
        neg = *s == '-';
        s++;
    }
    bool ok;
    if (special_float(t, s, end, neg, f, bits, &ok))
        return ok ? true : out_of_range(t, err);
    return ordinary_float(t, f, bits, err);
}

bool text_float_f32(const text_token *t, uint32_t *bits, comp_error *err)
{
    uint64_t b;
    if (!float_value(t, (float_format){23, 32}, &b, err))
        return false;
    *bits = (uint32_t)b;
    return true;
}

bool text_float_f64(const text_token *t, uint64_t *bits, comp_error *err)
{
    return float_value(t, (float_format){52, 64}, bits, err);
}

/* ---- v128 lanes --------------------------------------------------------- */

static const struct {
    const char *name;
    unsigned lanes;
} shapes[] = {
    [TEXT_V128_I8X16] = {"i8x16", 16}, [TEXT_V128_I16X8] = {"i16x8", 8},
    [TEXT_V128_I32X4] = {"i32x4", 4},  [TEXT_V128_I64X2] = {"i64x2", 2},
    [TEXT_V128_F32X4] = {"f32x4", 4},  [TEXT_V128_F64X2] = {"f64x2", 2},
};

bool text_v128_shape_of(const text_token *t, text_v128_shape *out, comp_error *err)
{
    for (unsigned i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        if (t->kind == TOK_KEYWORD && t->len == 5 && memcmp(t->text, shapes[i].name, 5) == 0) {
            *out = (text_v128_shape)i;
            return true;
        }
    }
    return text_fail(err, t->pos, "unexpected token: expected a v128 shape (i8x16, i16x8, i32x4, "
                                  "i64x2, f32x4, f64x2), found `%.*s`",
                     (int)(t->len > 40 ? 40 : t->len), t->text);
}

unsigned text_v128_lane_count(text_v128_shape shape) { return shapes[shape].lanes; }

bool text_v128_lane(text_v128_shape shape, const text_token *t, unsigned lane, uint8_t bytes[16],
                    comp_error *err)
{
    unsigned width = 16 / shapes[shape].lanes;
    uint64_t v = 0;
    bool ok;
    if (shape == TEXT_V128_F32X4) {
        uint32_t b = 0;
        ok = text_float_f32(t, &b, err);
        v = b;
    } else if (shape == TEXT_V128_F64X2) {
        ok = text_float_f64(t, &v, err);
    } else {
        ok = text_int_bits(t, width * 8, &v, err);
    }
    if (!ok)
        return false;
    for (unsigned i = 0; i < width; i++)
        bytes[lane * width + i] = (uint8_t)(v >> (8 * i));
    return true;
}
