/* Script constants for components: `(u32.const 1)`, `(record.const ...)`
 * as arguments (converted to rt_cval by the parameter's type), results
 * matched against what a call returned, and expected values described in
 * WAVE syntax for messages. */
#include "wast_internal.h"

#include <stdio.h>
#include <string.h>

#include "rt/wave.h"

/* The script kind that stands for type kind `k` (scalars only). */
static int scalar_kind(rt_ctype_kind k)
{
    switch (k) {
    case RT_CT_BOOL: return COMP_WAST_BOOL;
    case RT_CT_S8: return COMP_WAST_S8;
    case RT_CT_U8: return COMP_WAST_U8;
    case RT_CT_S16: return COMP_WAST_S16;
    case RT_CT_U16: return COMP_WAST_U16;
    case RT_CT_S32: return COMP_WAST_S32;
    case RT_CT_U32: return COMP_WAST_U32;
    case RT_CT_S64: return COMP_WAST_S64;
    case RT_CT_U64: return COMP_WAST_U64;
    case RT_CT_F32: return COMP_WAST_F32;
    case RT_CT_F64: return COMP_WAST_F64;
    case RT_CT_CHAR: return COMP_WAST_CHAR;
    case RT_CT_STRING: return COMP_WAST_STRING;
    case RT_CT_LIST: case RT_CT_FIXED_LIST: return COMP_WAST_LIST;
    case RT_CT_RECORD: return COMP_WAST_RECORD;
    case RT_CT_TUPLE: return COMP_WAST_TUPLE;
    case RT_CT_VARIANT: return COMP_WAST_VARIANT;
    case RT_CT_ENUM: return COMP_WAST_ENUM;
    case RT_CT_OPTION: return COMP_WAST_OPTION;
    case RT_CT_RESULT: return COMP_WAST_RESULT;
    case RT_CT_FLAGS: return COMP_WAST_FLAGS;
    case RT_CT_OWN: case RT_CT_BORROW: case RT_CT_STREAM: case RT_CT_FUTURE:
    case RT_CT_ERROR_CONTEXT: return -1;
    }
    return -1;
}

static bool str_eq(comp_str a, comp_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

/* ---- arguments ------------------------------------------------------------- */

typedef struct arg_ctx {
    comp_arena *arena;
    char *why;
    size_t size;
} arg_ctx;

static bool arg_fail(arg_ctx *c, const char *msg, comp_str name)
{
    snprintf(c->why, c->size, "%s%.*s", msg, (int)(name.len > 60 ? 60 : name.len),
             name.data ? name.data : "");
    return false;
}

static bool to_cval(arg_ctx *c, const comp_wast_value *v, const rt_ctype *t, rt_cval *out,
                    unsigned depth);

static bool payload_to(arg_ctx *c, const comp_wast_value *p, const rt_ctype *pt, rt_cval *out,
                       unsigned depth)
{
    out->of.cases.payload = NULL;
    if (!p && !pt)
        return true;
    if (!p || !pt)
        return arg_fail(c, pt ? "the case needs a payload" : "the case has no payload",
                        (comp_str){0});
    rt_cval *x = comp_arena_alloc(c->arena, sizeof *x);
    if (!x)
        return arg_fail(c, "out of memory", (comp_str){0});
    out->of.cases.payload = x;
    return to_cval(c, p, pt, x, depth + 1);
}

static bool to_cval(arg_ctx *c, const comp_wast_value *v, const rt_ctype *t, rt_cval *out,
                    unsigned depth)
{
    memset(out, 0, sizeof *out);
    rt_ctype_kind k = rt_ctype_kind_of(t);
    if (depth > 100)
        return arg_fail(c, "values nest too deep", (comp_str){0});
    if (scalar_kind(k) != (int)v->kind) {
        snprintf(c->why, c->size, "the value does not fit the parameter's type");
        return false;
    }
    if (v->kind == COMP_WAST_F32 || v->kind == COMP_WAST_F64) {
        if (v->u.f.nan != COMP_WAST_EXACT)
            return arg_fail(c, "a NaN pattern is not a value", (comp_str){0});
    }
    out->kind = (uint8_t)k;
    switch (v->kind) {
    case COMP_WAST_BOOL: out->of.b = v->u.b; return true;
    case COMP_WAST_U8: case COMP_WAST_U16: case COMP_WAST_U32: case COMP_WAST_U64:
        out->of.u = v->u.u;
        return true;
    case COMP_WAST_S8: case COMP_WAST_S16: case COMP_WAST_S32: case COMP_WAST_S64:
        out->of.s = v->u.s;
        return true;
    case COMP_WAST_F32: out->of.f32 = (uint32_t)v->u.f.bits; return true;
    case COMP_WAST_F64: out->of.f64 = v->u.f.bits; return true;
    case COMP_WAST_CHAR: out->of.ch = v->u.ch; return true;
    case COMP_WAST_STRING: out->of.str = v->u.str; return true;
    case COMP_WAST_LIST: case COMP_WAST_TUPLE: case COMP_WAST_RECORD: {
        uint32_t n = v->u.list.count;
        bool tuple = v->kind != COMP_WAST_LIST;
        if ((tuple || k == RT_CT_FIXED_LIST) && n != rt_ctype_count(t))
            return arg_fail(c, "wrong number of members or fields", (comp_str){0});
        out->of.seq.count = n;
        out->of.seq.items = comp_arena_array(c->arena, n ? n : 1, sizeof *out->of.seq.items);
        if (!out->of.seq.items)
            return arg_fail(c, "out of memory", (comp_str){0});
        for (uint32_t i = 0; i < n; i++) {
            if (v->kind == COMP_WAST_RECORD && !str_eq(v->u.list.names[i], rt_ctype_label(t, i)))
                return arg_fail(c, "record fields out of order or unknown: ", v->u.list.names[i]);
            if (!to_cval(c, &v->u.list.items[i], rt_ctype_elem(t, tuple ? i : 0),
                         &out->of.seq.items[i], depth + 1))
                return false;
        }
        return true;
    }
    case COMP_WAST_VARIANT: case COMP_WAST_ENUM: {
        comp_str name = v->kind == COMP_WAST_ENUM ? v->u.str : v->u.cases.name;
        uint32_t at = rt_ctype_find_label(t, name);
        if (at == UINT32_MAX)
            return arg_fail(c, "no such case: ", name);
        out->of.cases.index = at;
        if (v->kind == COMP_WAST_ENUM)
            return true;
        return payload_to(c, v->u.cases.payload, rt_ctype_elem(t, at), out, depth);
    }
    case COMP_WAST_OPTION:
        out->of.cases.index = v->u.cases.payload != NULL;
        return payload_to(c, v->u.cases.payload,
                          v->u.cases.payload ? rt_ctype_elem(t, 0) : NULL, out, depth);
    case COMP_WAST_RESULT:
        out->of.cases.index = v->u.cases.is_err;
        return payload_to(c, v->u.cases.payload, rt_ctype_elem(t, v->u.cases.is_err), out,
                          depth);
    case COMP_WAST_FLAGS:
        for (uint32_t i = 0; i < v->u.list.count; i++) {
            uint32_t at = rt_ctype_find_label(t, v->u.list.names[i]);
            if (at == UINT32_MAX || at >= 32)
                return arg_fail(c, "no such flag: ", v->u.list.names[i]);
            out->of.flags |= 1u << at;
        }
        return true;
    default:
        break;
    }
    snprintf(c->why, c->size, "a core value cannot be passed to a component function");
    return false;
}

bool wast_cval_arg(const comp_wast_value *v, const rt_ctype *t, comp_arena *arena, rt_cval *out,
                   char *why, size_t size)
{
    arg_ctx c = {arena, why, size};
    return to_cval(&c, v, t, out, 0);
}

/* ---- results --------------------------------------------------------------- */

static bool float_matches(const comp_wast_value *want, uint64_t bits, bool single)
{
    uint64_t exp_mask = single ? 0x7f800000u : 0x7ff0000000000000ull;
    uint64_t frac_mask = single ? 0x007fffffu : 0x000fffffffffffffull;
    uint64_t quiet = single ? 0x00400000u : 0x0008000000000000ull;
    bool nan = (bits & exp_mask) == exp_mask && (bits & frac_mask);
    switch (want->u.f.nan) {
    case COMP_WAST_NAN_CANONICAL:
        return nan && (bits & frac_mask) == quiet;
    case COMP_WAST_NAN_ARITHMETIC:
        return nan && (bits & quiet);
    case COMP_WAST_EXACT:
        break;
    }
    uint64_t w = single ? (want->u.f.bits & 0xffffffffu) : want->u.f.bits;
    bool want_nan = (w & exp_mask) == exp_mask && (w & frac_mask);
    /* Lifting canonicalizes NaNs: any NaN matches an expected NaN. */
    return want_nan ? nan : w == bits;
}

static bool matches(const comp_wast_value *want, const rt_ctype *t, const rt_cval *got,
                    unsigned depth);

static bool payload_matches(const comp_wast_value *want, const rt_ctype *pt, const rt_cval *got,
                            unsigned depth)
{
    if (!want || !pt)
        return !want && !got;
    return got && matches(want, pt, got, depth + 1);
}

static bool matches(const comp_wast_value *want, const rt_ctype *t, const rt_cval *got,
                    unsigned depth)
{
    rt_ctype_kind k = rt_ctype_kind_of(t);
    if (depth > 100 || scalar_kind(k) != (int)want->kind || got->kind != (uint8_t)k)
        return false;
    switch (want->kind) {
    case COMP_WAST_BOOL: return want->u.b == got->of.b;
    case COMP_WAST_U8: case COMP_WAST_U16: case COMP_WAST_U32: case COMP_WAST_U64:
        return want->u.u == got->of.u;
    case COMP_WAST_S8: case COMP_WAST_S16: case COMP_WAST_S32: case COMP_WAST_S64:
        return want->u.s == got->of.s;
    case COMP_WAST_F32: return float_matches(want, got->of.f32, true);
    case COMP_WAST_F64: return float_matches(want, got->of.f64, false);
    case COMP_WAST_CHAR: return want->u.ch == got->of.ch;
    case COMP_WAST_STRING: return str_eq(want->u.str, got->of.str);
    case COMP_WAST_LIST: case COMP_WAST_TUPLE: case COMP_WAST_RECORD: {
        uint32_t n = want->u.list.count;
        if (n != got->of.seq.count)
            return false;
        for (uint32_t i = 0; i < n; i++) {
            if (want->kind == COMP_WAST_RECORD &&
                !str_eq(want->u.list.names[i], rt_ctype_label(t, i)))
                return false;
            if (!matches(&want->u.list.items[i], rt_ctype_elem(t, want->kind == COMP_WAST_LIST ? 0 : i),
                         &got->of.seq.items[i], depth + 1))
                return false;
        }
        return true;
    }
    case COMP_WAST_ENUM:
        return str_eq(want->u.str, rt_ctype_label(t, got->of.cases.index));
    case COMP_WAST_VARIANT:
        return str_eq(want->u.cases.name, rt_ctype_label(t, got->of.cases.index)) &&
               payload_matches(want->u.cases.payload, rt_ctype_elem(t, got->of.cases.index),
                               got->of.cases.payload, depth);
    case COMP_WAST_OPTION:
        if ((want->u.cases.payload != NULL) != (got->of.cases.index == 1))
            return false;
        return payload_matches(want->u.cases.payload,
                               want->u.cases.payload ? rt_ctype_elem(t, 0) : NULL,
                               got->of.cases.payload, depth);
    case COMP_WAST_RESULT:
        if (want->u.cases.is_err != (got->of.cases.index == 1))
            return false;
        return payload_matches(want->u.cases.payload, rt_ctype_elem(t, got->of.cases.index),
                               got->of.cases.payload, depth);
    case COMP_WAST_FLAGS: {
        uint32_t bits = 0;
        for (uint32_t i = 0; i < want->u.list.count; i++) {
            uint32_t at = rt_ctype_find_label(t, want->u.list.names[i]);
            if (at == UINT32_MAX || at >= 32)
                return false;
            bits |= 1u << at;
        }
        return bits == got->of.flags;
    }
    default:
        return false;
    }
}

bool wast_cval_matches(const comp_wast_value *want, const rt_ctype *t, const rt_cval *got)
{
    return matches(want, t, got, 0);
}

/* ---- descriptions ------------------------------------------------------------ */

static const char *ctype_kind_name(rt_ctype_kind k)
{
    static const char *const names[] = {
        [RT_CT_BOOL] = "bool", [RT_CT_S8] = "s8", [RT_CT_U8] = "u8", [RT_CT_S16] = "s16",
        [RT_CT_U16] = "u16", [RT_CT_S32] = "s32", [RT_CT_U32] = "u32", [RT_CT_S64] = "s64",
        [RT_CT_U64] = "u64", [RT_CT_F32] = "f32", [RT_CT_F64] = "f64", [RT_CT_CHAR] = "char",
        [RT_CT_STRING] = "string", [RT_CT_LIST] = "list", [RT_CT_FIXED_LIST] = "list",
        [RT_CT_RECORD] = "record", [RT_CT_TUPLE] = "tuple", [RT_CT_VARIANT] = "variant",
        [RT_CT_ENUM] = "enum", [RT_CT_OPTION] = "option", [RT_CT_RESULT] = "result",
        [RT_CT_FLAGS] = "flags", [RT_CT_OWN] = "own", [RT_CT_BORROW] = "borrow",
        [RT_CT_STREAM] = "stream", [RT_CT_FUTURE] = "future", [RT_CT_ERROR_CONTEXT] = "error-context",
    };
    return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "value";
}

const char *wast_ctype_name(const rt_ctype *t)
{
    return ctype_kind_name(rt_ctype_kind_of(t));
}

const char *wast_cexpected_type_name(const comp_wast_value *v)
{
    for (int k = RT_CT_BOOL; k <= RT_CT_BORROW; k++)
        if (scalar_kind((rt_ctype_kind)k) == (int)v->kind)
            return ctype_kind_name((rt_ctype_kind)k);
    return "core value";
}

bool wast_cexpected_fits(const comp_wast_value *v, const rt_ctype *t)
{
    return scalar_kind(rt_ctype_kind_of(t)) == (int)v->kind;
}

static void put(comp_buf *b, const char *s)
{
    comp_buf_append(b, s, strlen(s));
}

static void put_str(comp_buf *b, comp_str s)
{
    comp_buf_append(b, s.data, s.len);
}

static void describe(comp_buf *b, const comp_wast_value *v, unsigned depth)
{
    char num[64];
    if (depth > 20) {
        put(b, "...");
        return;
    }
    switch (v->kind) {
    case COMP_WAST_BOOL: put(b, v->u.b ? "true" : "false"); return;
    case COMP_WAST_U8: case COMP_WAST_U16: case COMP_WAST_U32: case COMP_WAST_U64:
        snprintf(num, sizeof num, "%llu", (unsigned long long)v->u.u);
        put(b, num);
        return;
    case COMP_WAST_S8: case COMP_WAST_S16: case COMP_WAST_S32: case COMP_WAST_S64:
        snprintf(num, sizeof num, "%lld", (long long)v->u.s);
        put(b, num);
        return;
    case COMP_WAST_CHAR: {
        comp_buf_byte(b, '\'');
        if (v->u.ch >= 0x20 && v->u.ch < 0x7f && v->u.ch != '\'' && v->u.ch != '\\') {
            comp_buf_byte(b, (uint8_t)v->u.ch);
        } else {
            snprintf(num, sizeof num, "\\u{%x}", v->u.ch);
            put(b, num);
        }
        comp_buf_byte(b, '\'');
        return;
    }
    case COMP_WAST_STRING:
        comp_buf_byte(b, '"');
        put_str(b, v->u.str);
        comp_buf_byte(b, '"');
        return;
    case COMP_WAST_LIST: case COMP_WAST_TUPLE: case COMP_WAST_RECORD: case COMP_WAST_FLAGS: {
        static const char open[] = "[({{", close[] = "]})}";
        int i0 = v->kind == COMP_WAST_LIST ? 0 : v->kind == COMP_WAST_TUPLE ? 1
               : v->kind == COMP_WAST_RECORD ? 2 : 3;
        comp_buf_byte(b, (uint8_t)open[i0]);
        for (uint32_t i = 0; i < v->u.list.count; i++) {
            if (i)
                put(b, ", ");
            if (v->kind == COMP_WAST_RECORD || v->kind == COMP_WAST_FLAGS)
                put_str(b, v->u.list.names[i]);
            if (v->kind == COMP_WAST_RECORD)
                put(b, ": ");
            if (v->kind != COMP_WAST_FLAGS)
                describe(b, &v->u.list.items[i], depth + 1);
        }
        comp_buf_byte(b, (uint8_t)close[i0]);
        return;
    }
    case COMP_WAST_ENUM: put_str(b, v->u.str); return;
    case COMP_WAST_VARIANT: case COMP_WAST_OPTION: case COMP_WAST_RESULT:
        if (v->kind == COMP_WAST_VARIANT)
            put_str(b, v->u.cases.name);
        else if (v->kind == COMP_WAST_OPTION)
            put(b, v->u.cases.payload ? "some" : "none");
        else
            put(b, v->u.cases.is_err ? "err" : "ok");
        if (v->u.cases.payload) {
            comp_buf_byte(b, '(');
            describe(b, v->u.cases.payload, depth + 1);
            comp_buf_byte(b, ')');
        }
        return;
    default: {
        char text[200];
        wast_describe_expected(v, text, sizeof text); /* core values, floats */
        put(b, text);
        return;
    }
    }
}

/* Copies the buffer's text into buf (truncated, NUL-terminated). */
static void take(comp_buf *b, char *buf, size_t size)
{
    size_t n = b->oom ? 0 : b->len;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(buf, b->data, n);
    buf[n] = '\0';
    comp_buf_free(b);
}

void wast_describe_cexpected(const comp_wast_value *v, char *buf, size_t size)
{
    comp_buf b = {0};
    describe(&b, v, 0);
    take(&b, buf, size);
}

void wast_describe_cval(const rt_cval *v, const rt_ctype *t, char *buf, size_t size)
{
    comp_buf b = {0};
    rt_wave_print(&b, v, t);
    take(&b, buf, size);
}
