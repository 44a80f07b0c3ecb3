/* Exact float printing: hex floats (0x1.8p+3), inf, nan and nan:0x
 * payloads, followed by a comment with the shortest decimal that reads back
 * to the same value, written out without an exponent. */
#include "text/print.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hex digits of a `bits`-wide fraction, trailing zeros dropped. */
static void hex_fraction(pr *p, uint64_t frac, unsigned bits)
{
    unsigned digits = bits / 4;
    char buf[20];
    unsigned n = 0;
    for (unsigned i = 0; i < digits; i++)
        buf[n++] = "0123456789abcdef"[(frac >> (bits - 4 * (i + 1))) & 15];
    while (n > 0 && buf[n - 1] == '0')
        n--;
    pr_mem(p, buf, n);
}

/* mant_bits: 23 or 52; frac_bits: 24 or 52 (a whole number of hex digits). */
static void print_hex(pr *p, bool neg, uint32_t exp_field, uint64_t mant, unsigned mant_bits,
                      unsigned frac_bits, int bias, uint64_t canonical_nan)
{
    uint32_t exp_max = mant_bits == 23 ? 0xff : 0x7ff;
    if (neg)
        pr_str(p, "-");
    if (exp_field == exp_max) {
        if (mant == 0)
            pr_str(p, "inf");
        else if (mant == canonical_nan)
            pr_str(p, "nan");
        else
            pr_fmt(p, "nan:0x%llx", (unsigned long long)mant);
        return;
    }
    if (exp_field == 0 && mant == 0) {
        pr_str(p, "0x0p+0");
        return;
    }
    if (exp_field == 0) {
        /* Subnormal: normalize so the leading digit is 1. */
        unsigned h = 0;
        while ((mant >> (h + 1)) != 0)
            h++;
        uint64_t frac = mant & ((UINT64_C(1) << h) - 1);
        pr_str(p, "0x1.");
        hex_fraction(p, frac << (frac_bits - h), frac_bits);
        pr_fmt(p, "p%d", (int)h - bias - (int)mant_bits + 1);
        return;
    }
    pr_str(p, "0x1");
    if (mant != 0) {
        pr_str(p, ".");
        hex_fraction(p, mant << (frac_bits - mant_bits), frac_bits);
    }
    int e = (int)exp_field - bias;
    pr_fmt(p, "p%c%d", e < 0 ? '-' : '+', e < 0 ? -e : e);
}

/* Writes "d.ddde[+-]x" digits as a plain decimal ("0.00015", "1200"). */
static void print_plain_decimal(pr *p, const char *sci)
{
    const char *s = sci;
    if (*s == '-') {
        pr_str(p, "-");
        s++;
    }
    char digits[40];
    size_t n = 0;
    for (; *s && *s != 'e' && n < sizeof digits; s++)
        if (*s != '.')
            digits[n++] = *s;
    int exp = *s == 'e' ? atoi(s + 1) : 0;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    if (n == 1 && digits[0] == '0') {
        pr_str(p, "0");
        return;
    }
    /* The decimal point goes after digit exp + 1. */
    long point = (long)exp + 1;
    if (point <= 0) {
        pr_str(p, "0.");
        for (long i = 0; i < -point; i++)
            pr_str(p, "0");
        pr_mem(p, digits, n);
    } else if ((size_t)point >= n) {
        pr_mem(p, digits, n);
        for (long i = (long)n; i < point; i++)
            pr_str(p, "0");
    } else {
        pr_mem(p, digits, (size_t)point);
        pr_str(p, ".");
        pr_mem(p, digits + point, n - (size_t)point);
    }
}

static void decimal_comment(pr *p, double v, bool is_f32, bool neg, bool is_nan, bool is_inf)
{
    pr_str(p, " (;=");
    if (is_nan) {
        pr_str(p, "NaN");
    } else if (is_inf) {
        pr_str(p, neg ? "-inf" : "inf");
    } else {
        char sci[64];
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(sci, sizeof sci, "%.*e", prec - 1, v);
            bool same = is_f32 ? strtof(sci, NULL) == (float)v : strtod(sci, NULL) == v;
            if (same)
                break;
        }
        if (v == 0 && neg)
            pr_str(p, "-0");
        else
            print_plain_decimal(p, sci);
    }
    pr_str(p, ";)");
}

void pr_f32(pr *p, uint32_t bits)
{
    bool neg = bits >> 31;
    uint32_t exp = (bits >> 23) & 0xff, mant = bits & 0x7fffff;
    print_hex(p, neg, exp, mant, 23, 24, 127, 0x400000);
    float f;
    memcpy(&f, &bits, sizeof f);
    decimal_comment(p, (double)f, true, neg, exp == 0xff && mant, exp == 0xff && !mant);
}

void pr_f64(pr *p, uint64_t bits)
{
    bool neg = bits >> 63;
    uint32_t exp = (uint32_t)(bits >> 52) & 0x7ff;
    uint64_t mant = bits & ((UINT64_C(1) << 52) - 1);
    print_hex(p, neg, exp, mant, 52, 52, 1023, UINT64_C(1) << 51);
    double d;
    memcpy(&d, &bits, sizeof d);
    decimal_comment(p, d, false, neg, exp == 0x7ff && mant, exp == 0x7ff && !mant);
}
