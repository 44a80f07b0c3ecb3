/* Command-line values: arguments parsed by parameter type, results printed
 * one per line. */
#include "wasi_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *value_type_name(comp_valtype kind)
{
    switch (kind) {
    case COMP_I32: return "i32";
    case COMP_I64: return "i64";
    case COMP_F32: return "f32";
    case COMP_F64: return "f64";
    case COMP_V128: return "v128";
    case COMP_FUNCREF: return "funcref";
    case COMP_EXTERNREF: return "externref";
    }
    return "?";
}

/* An unsigned magnitude: decimal digits or 0x and hex digits, nothing else. */
static bool parse_magnitude(const char *s, uint64_t *out)
{
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s)
        return false;
    for (const char *p = s; *p; p++) {
        bool digit = *p >= '0' && *p <= '9';
        bool hex = (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F');
        if (!digit && !(base == 16 && hex))
            return false;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno == ERANGE || *end)
        return false;
    *out = v;
    return true;
}

/* Integers of `bits` bits: -2^(bits-1) .. 2^bits - 1, two's complement. */
static bool parse_int(const char *text, unsigned bits, uint64_t *out)
{
    bool negative = text[0] == '-';
    const char *digits = text + (text[0] == '-' || text[0] == '+');
    uint64_t mag;
    if (!parse_magnitude(digits, &mag))
        return false;
    uint64_t max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    uint64_t min_mag = UINT64_C(1) << (bits - 1);
    if (negative ? mag > min_mag : mag > max)
        return false;
    *out = (negative ? (uint64_t)0 - mag : mag) & max;
    return true;
}

/* "nan", "nan:0xPAYLOAD", optionally signed: the bits of that NaN. */
static bool parse_nan(const char *text, bool f32, uint64_t *bits)
{
    bool negative = text[0] == '-';
    const char *s = text + (text[0] == '-' || text[0] == '+');
    if (strncmp(s, "nan", 3) != 0)
        return false;
    uint64_t payload_mask = f32 ? 0x7fffffu : 0xfffffffffffffu;
    uint64_t exponent = f32 ? 0x7f800000u : 0x7ff0000000000000u;
    uint64_t payload = f32 ? 0x400000u : 0x8000000000000u; /* canonical */
    if (s[3] == ':') {
        if (strncmp(s + 4, "0x", 2) != 0 || !parse_magnitude(s + 4, &payload) || payload == 0 ||
            payload > payload_mask)
            return false;
    } else if (s[3]) {
        return false;
    }
    uint64_t sign = negative ? (f32 ? UINT64_C(1) << 31 : UINT64_C(1) << 63) : 0;
    *bits = sign | exponent | payload;
    return true;
}

static bool parse_float(const char *text, bool f32, uint64_t *bits)
{
    if (parse_nan(text, f32, bits))
        return true;
    /* strtod would skip blanks and accept "nan(...)": neither is ours. */
    char c = text[0];
    if (!c || !((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'i'))
        return false;
    if (strchr(text, '(') || strstr(text, "nan"))
        return false;
    char *end;
    if (f32) {
        float f = strtof(text, &end);
        uint32_t b;
        memcpy(&b, &f, sizeof b);
        *bits = b;
    } else {
        double d = strtod(text, &end);
        memcpy(bits, &d, sizeof d);
    }
    return end != text && *end == '\0';
}

bool value_parse(const char *text, comp_valtype kind, rt_val *out, char *why, size_t size)
{
    uint64_t x;
    switch (kind) {
    case COMP_I32:
    case COMP_I64:
        if (!parse_int(text, kind == COMP_I32 ? 32 : 64, &x)) {
            snprintf(why, size, "expected an %s (decimal or 0x hex, %s), got '%s'",
                     value_type_name(kind),
                     kind == COMP_I32 ? "-2147483648 to 4294967295"
                                      : "-9223372036854775808 to 18446744073709551615",
                     text);
            return false;
        }
        *out = kind == COMP_I32 ? rt_val_i32((uint32_t)x) : rt_val_i64(x);
        return true;
    case COMP_F32:
    case COMP_F64:
        if (!parse_float(text, kind == COMP_F32, &x)) {
            snprintf(why, size,
                     "expected an %s (a decimal or hex float, inf, nan or nan:0xPAYLOAD), "
                     "got '%s'",
                     value_type_name(kind), text);
            return false;
        }
        *out = kind == COMP_F32 ? rt_val_f32_bits((uint32_t)x) : rt_val_f64_bits(x);
        return true;
    default:
        snprintf(why, size, "%s parameters cannot be given on the command line",
                 value_type_name(kind));
        return false;
    }
}

/* The shortest %g form that reads back to the same value. */
static void format_f32(uint32_t bits, char *buf, size_t size)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    if (f != f) {
        uint32_t payload = bits & 0x7fffffu;
        const char *sign = bits >> 31 ? "-" : "";
        if (payload == 0x400000u)
            snprintf(buf, size, "%snan", sign);
        else
            snprintf(buf, size, "%snan:0x%x", sign, payload);
        return;
    }
    for (int precision = 1; precision <= 9; precision++) {
        snprintf(buf, size, "%.*g", precision, (double)f);
        if (strtof(buf, NULL) == f)
            return;
    }
}

static void format_f64(uint64_t bits, char *buf, size_t size)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    if (d != d) {
        uint64_t payload = bits & 0xfffffffffffffu;
        const char *sign = bits >> 63 ? "-" : "";
        if (payload == 0x8000000000000u)
            snprintf(buf, size, "%snan", sign);
        else
            snprintf(buf, size, "%snan:0x%llx", sign, (unsigned long long)payload);
        return;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, size, "%.*g", precision, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

void value_format(const rt_val *v, char *buf, size_t size)
{
    switch (v->kind) {
    case RT_I32:
        snprintf(buf, size, "%d", (int32_t)v->of.i32);
        return;
    case RT_I64:
        snprintf(buf, size, "%lld", (long long)(int64_t)v->of.i64);
        return;
    case RT_F32:
        format_f32(v->of.f32, buf, size);
        return;
    case RT_F64:
        format_f64(v->of.f64, buf, size);
        return;
    case RT_V128: {
        uint32_t lane[4];
        for (int i = 0; i < 4; i++) {
            const uint8_t *b = v->of.v128.bytes + 4 * i;
            lane[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                      (uint32_t)b[3] << 24;
        }
        snprintf(buf, size, "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", lane[0], lane[1], lane[2],
                 lane[3]);
        return;
    }
    case RT_FUNCREF:
        snprintf(buf, size, "%s", v->of.funcref ? "ref.func" : "ref.null func");
        return;
    case RT_EXTERNREF:
        snprintf(buf, size, "%s", v->of.externref ? "ref.extern" : "ref.null extern");
        return;
    }
    snprintf(buf, size, "(value of kind 0x%02x)", v->kind);
}
