/* Component values to WAVE text (rt/wave.h). */
#include "rt/wave.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(comp_buf *out, const char *s)
{
    comp_buf_append(out, s, strlen(s));
}

static void put_str(comp_buf *out, comp_str s)
{
    comp_buf_append(out, s.data, s.len);
}

/* A case, enum or flag label; keywords get `%` so they read back as labels. */
static void put_label(comp_buf *out, comp_str label)
{
    if (rt_wave_is_keyword(label))
        comp_buf_byte(out, '%');
    put_str(out, label);
}

/* Shortest %g text that reads back to the same value. */
static void put_float(comp_buf *out, double v, bool single)
{
    char text[64];
    if (isnan(v)) {
        put(out, "nan");
        return;
    }
    if (isinf(v)) {
        put(out, v < 0 ? "-inf" : "inf");
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*g", prec, v);
        if (single ? strtof(text, NULL) == (float)v : strtod(text, NULL) == v)
            break;
    }
    put(out, text);
}

static double f32_value(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static double f64_value(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static void put_utf8(comp_buf *out, uint32_t c)
{
    char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (char)c, n = 1;
    } else if (c < 0x800) {
        b[0] = (char)(0xc0 | (c >> 6)), b[1] = (char)(0x80 | (c & 0x3f)), n = 2;
    } else if (c < 0x10000) {
        b[0] = (char)(0xe0 | (c >> 12)), b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[2] = (char)(0x80 | (c & 0x3f)), n = 3;
    } else {
        b[0] = (char)(0xf0 | (c >> 18)), b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3f)), b[3] = (char)(0x80 | (c & 0x3f)), n = 4;
    }
    comp_buf_append(out, b, n);
}

/* One character inside quotes `quote`, escaped where WAVE needs it. */
static void put_escaped(comp_buf *out, uint32_t c, char quote)
{
    char esc[16];
    switch (c) {
    case '\\': put(out, "\\\\"); return;
    case '\t': put(out, "\\t"); return;
    case '\n': put(out, "\\n"); return;
    case '\r': put(out, "\\r"); return;
    default: break;
    }
    if (c == (uint32_t)quote) {
        comp_buf_byte(out, '\\');
        comp_buf_byte(out, (uint8_t)quote);
    } else if (c < 0x20 || c == 0x7f) {
        snprintf(esc, sizeof esc, "\\u{%x}", c);
        put(out, esc);
    } else {
        put_utf8(out, c);
    }
}

/* Walks the UTF-8 of a string value; bytes that are not UTF-8 (which a
 * checked value never has) print as U+FFFD. */
static void put_string(comp_buf *out, comp_str s)
{
    comp_buf_byte(out, '"');
    const unsigned char *p = (const unsigned char *)s.data;
    size_t i = 0;
    while (i < s.len) {
        uint32_t c = p[i];
        size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (n == 0 || i + n > s.len) {
            put_utf8(out, 0xfffd);
            i++;
            continue;
        }
        if (n > 1) {
            c &= 0x3f >> (n - 1);
            for (size_t k = 1; k < n; k++)
                c = (c << 6) | (p[i + k] & 0x3f);
        }
        put_escaped(out, c, '"');
        i += n;
    }
    comp_buf_byte(out, '"');
}

static void print_value(comp_buf *out, const rt_cval *v, const rt_ctype *t, unsigned depth);

/* `name(payload)` or `name`. */
static void print_case(comp_buf *out, const char *keyword, comp_str label, const rt_cval *payload,
                       const rt_ctype *payload_type, unsigned depth)
{
    if (keyword)
        put(out, keyword);
    else
        put_label(out, label);
    if (payload && payload_type) {
        comp_buf_byte(out, '(');
        print_value(out, payload, payload_type, depth + 1);
        comp_buf_byte(out, ')');
    }
}

static void print_value(comp_buf *out, const rt_cval *v, const rt_ctype *t, unsigned depth)
{
    char num[48];
    if (depth >= RT_WAVE_MAX_DEPTH) {
        put(out, "...");
        return;
    }
    rt_ctype_kind kind = rt_ctype_kind_of(t);
    switch (kind) {
    case RT_CT_BOOL:
        put(out, v->of.b ? "true" : "false");
        return;
    case RT_CT_S8: case RT_CT_S16: case RT_CT_S32: case RT_CT_S64:
        snprintf(num, sizeof num, "%lld", (long long)v->of.s);
        put(out, num);
        return;
    case RT_CT_U8: case RT_CT_U16: case RT_CT_U32: case RT_CT_U64:
        snprintf(num, sizeof num, "%llu", (unsigned long long)v->of.u);
        put(out, num);
        return;
    case RT_CT_F32:
        put_float(out, f32_value(v->of.f32), true);
        return;
    case RT_CT_F64:
        put_float(out, f64_value(v->of.f64), false);
        return;
    case RT_CT_CHAR:
        comp_buf_byte(out, '\'');
        put_escaped(out, v->of.ch, '\'');
        comp_buf_byte(out, '\'');
        return;
    case RT_CT_STRING:
        put_string(out, v->of.str);
        return;
    case RT_CT_LIST: case RT_CT_FIXED_LIST: case RT_CT_TUPLE: {
        bool tuple = kind == RT_CT_TUPLE;
        comp_buf_byte(out, tuple ? '(' : '[');
        for (uint32_t i = 0; i < v->of.seq.count; i++) {
            if (i)
                put(out, ", ");
            print_value(out, &v->of.seq.items[i], rt_ctype_elem(t, tuple ? i : 0), depth + 1);
        }
        comp_buf_byte(out, tuple ? ')' : ']');
        return;
    }
    case RT_CT_RECORD:
        if (v->of.seq.count == 0) {
            put(out, "{:}");
            return;
        }
        comp_buf_byte(out, '{');
        for (uint32_t i = 0; i < v->of.seq.count; i++) {
            if (i)
                put(out, ", ");
            put_label(out, rt_ctype_label(t, i));
            put(out, ": ");
            print_value(out, &v->of.seq.items[i], rt_ctype_elem(t, i), depth + 1);
        }
        comp_buf_byte(out, '}');
        return;
    case RT_CT_VARIANT:
        print_case(out, NULL, rt_ctype_label(t, v->of.cases.index), v->of.cases.payload,
                   rt_ctype_elem(t, v->of.cases.index), depth);
        return;
    case RT_CT_ENUM:
        put_label(out, rt_ctype_label(t, v->of.cases.index));
        return;
    case RT_CT_OPTION:
        print_case(out, v->of.cases.index ? "some" : "none", (comp_str){0}, v->of.cases.payload,
                   v->of.cases.index ? rt_ctype_elem(t, 0) : NULL, depth);
        return;
    case RT_CT_RESULT:
        print_case(out, v->of.cases.index ? "err" : "ok", (comp_str){0}, v->of.cases.payload,
                   rt_ctype_elem(t, v->of.cases.index ? 1 : 0), depth);
        return;
    case RT_CT_FLAGS: {
        comp_buf_byte(out, '{');
        bool first = true;
        for (uint32_t i = 0; i < rt_ctype_count(t) && i < 32; i++) {
            if (!(v->of.flags & (1u << i)))
                continue;
            if (!first)
                put(out, ", ");
            first = false;
            put_label(out, rt_ctype_label(t, i));
        }
        comp_buf_byte(out, '}');
        return;
    }
    case RT_CT_STREAM: case RT_CT_FUTURE: case RT_CT_ERROR_CONTEXT:
        put(out, kind == RT_CT_STREAM ? "stream<?>" : kind == RT_CT_FUTURE ? "future<?>" : "error-context<?>");
        return;
    case RT_CT_OWN: case RT_CT_BORROW: {
        const char *name = v->of.handle.type ? rt_resource_type_name(v->of.handle.type) : NULL;
        snprintf(num, sizeof num, ">(%u)", v->of.handle.rep);
        put(out, kind == RT_CT_OWN ? "own<" : "borrow<");
        put(out, name ? name : "?");
        put(out, num);
        return;
    }
    }
    put(out, "?");
}

void rt_wave_print(comp_buf *out, const rt_cval *v, const rt_ctype *t)
{
    print_value(out, v, t, 0);
}
