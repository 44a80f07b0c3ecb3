/* Script constants: arguments to rt_val, results matched against patterns,
 * and both described for failure messages. */
#include "wast_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* `ref.extern N` as a host reference: N + 1, so that N = 0 is not null.
 * The runtime never dereferences it. NULL when it does not fit. */
static void *extern_ref(uint32_t n)
{
#if UINTPTR_MAX <= UINT32_MAX
    if (n == UINT32_MAX)
        return NULL;
#endif
    return (void *)((uintptr_t)n + 1);
}

bool wast_arg_value(const comp_wast_value *v, rt_val *out, char *why, size_t size)
{
    switch (v->kind) {
    case COMP_WAST_I32:
        *out = rt_val_i32(v->u.i32);
        return true;
    case COMP_WAST_I64:
        *out = rt_val_i64(v->u.i64);
        return true;
    case COMP_WAST_F32:
    case COMP_WAST_F64:
        if (v->u.f.nan != COMP_WAST_EXACT)
            break;
        *out = v->kind == COMP_WAST_F32 ? rt_val_f32_bits((uint32_t)v->u.f.bits)
                                        : rt_val_f64_bits(v->u.f.bits);
        return true;
    case COMP_WAST_V128: {
        for (int i = 0; i < 4; i++)
            if (v->u.v128.lane_nan[i] != COMP_WAST_EXACT)
                goto pattern;
        rt_v128 x;
        memcpy(x.bytes, v->u.v128.bytes, 16);
        *out = rt_val_v128(x);
        return true;
    }
    case COMP_WAST_REF_NULL:
        *out = v->u.ref_null == COMP_WAST_FUNC_REF ? rt_val_funcref(NULL) : rt_val_externref(NULL);
        if (v->u.ref_null == COMP_WAST_EXN_REF)
            out->kind = RT_EXNREF;
        return true;
    case COMP_WAST_REF_EXTERN:
        if (!v->u.ref.has_payload)
            break;
        *out = rt_val_externref(extern_ref(v->u.ref.payload));
        if (!out->of.externref) {
            snprintf(why, size, "(ref.extern %u) does not fit a host pointer", v->u.ref.payload);
            return false;
        }
        return true;
    default:
        snprintf(why, size, "a component value cannot be passed to a core function");
        return false;
    }
pattern:
    snprintf(why, size, "a result pattern cannot be an argument");
    return false;
}

/* ---- matching ------------------------------------------------------------ */

static bool f32_matches(uint32_t bits, comp_wast_nan nan, uint32_t want)
{
    switch (nan) {
    case COMP_WAST_NAN_CANONICAL: return (bits & 0x7fffffffu) == 0x7fc00000u;
    case COMP_WAST_NAN_ARITHMETIC: return (bits & 0x7fc00000u) == 0x7fc00000u;
    case COMP_WAST_EXACT: break;
    }
    return bits == want;
}

static bool f64_matches(uint64_t bits, comp_wast_nan nan, uint64_t want)
{
    const uint64_t quiet = 0x7ff8000000000000u;
    switch (nan) {
    case COMP_WAST_NAN_CANONICAL: return (bits & 0x7fffffffffffffffu) == quiet;
    case COMP_WAST_NAN_ARITHMETIC: return (bits & quiet) == quiet;
    case COMP_WAST_EXACT: break;
    }
    return bits == want;
}

/* Little-endian lane reads, independent of the host's byte order. */
static uint64_t lane_bits(const uint8_t *bytes, unsigned lane, unsigned width)
{
    uint64_t x = 0;
    for (unsigned i = width; i-- > 0;)
        x = x << 8 | bytes[lane * width + i];
    return x;
}

static bool v128_matches(const comp_wast_value *want, const rt_v128 *got)
{
    const uint8_t *w = want->u.v128.bytes;
    switch (want->u.v128.shape) {
    case COMP_WAST_F32X4:
        for (unsigned i = 0; i < 4; i++)
            if (!f32_matches((uint32_t)lane_bits(got->bytes, i, 4), want->u.v128.lane_nan[i],
                             (uint32_t)lane_bits(w, i, 4)))
                return false;
        return true;
    case COMP_WAST_F64X2:
        for (unsigned i = 0; i < 2; i++)
            if (!f64_matches(lane_bits(got->bytes, i, 8), want->u.v128.lane_nan[i],
                             lane_bits(w, i, 8)))
                return false;
        return true;
    default:
        return memcmp(got->bytes, w, 16) == 0;
    }
}

/* Matches one non-`either` expectation. */
static bool matches_one(const comp_wast_value *want, const rt_val *got)
{
    switch (want->kind) {
    case COMP_WAST_I32:
        return got->kind == RT_I32 && got->of.i32 == want->u.i32;
    case COMP_WAST_I64:
        return got->kind == RT_I64 && got->of.i64 == want->u.i64;
    case COMP_WAST_F32:
        return got->kind == RT_F32 &&
               f32_matches(got->of.f32, want->u.f.nan, (uint32_t)want->u.f.bits);
    case COMP_WAST_F64:
        return got->kind == RT_F64 && f64_matches(got->of.f64, want->u.f.nan, want->u.f.bits);
    case COMP_WAST_V128:
        return got->kind == RT_V128 && v128_matches(want, &got->of.v128);
    case COMP_WAST_REF_NULL:
        if (want->u.ref_null == COMP_WAST_FUNC_REF)
            return got->kind == RT_FUNCREF && got->of.funcref == NULL;
        if (want->u.ref_null == COMP_WAST_EXN_REF)
            return got->kind == RT_EXNREF && got->of.exnref == NULL;
        return got->kind == RT_EXTERNREF && got->of.externref == NULL;
    case COMP_WAST_REF_EXTERN:
        if (got->kind != RT_EXTERNREF || got->of.externref == NULL)
            return false;
        return !want->u.ref.has_payload ||
               got->of.externref == extern_ref(want->u.ref.payload);
    case COMP_WAST_REF_FUNC:
        /* Function identity across instances is not observable from the
         * script, so any non-null funcref matches. */
        return got->kind == RT_FUNCREF && got->of.funcref != NULL;
    default:
        return false;
    }
}

bool wast_result_matches(const comp_wast_value *want, const rt_val *got)
{
    if (want->kind != COMP_WAST_EITHER)
        return matches_one(want, got);
    /* Alternatives are flat: an `either` inside one never matches. */
    for (uint32_t i = 0; i < want->u.list.count; i++)
        if (matches_one(&want->u.list.items[i], got))
            return true;
    return false;
}

/* ---- descriptions -------------------------------------------------------- */

/* A bounded string builder: appends until full, always NUL-terminated. */
typedef struct text {
    char *buf;
    size_t size, len;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < t->size ? t->len + (size_t)n : t->size - 1;
}

static const char *nan_name(comp_wast_nan nan)
{
    return nan == COMP_WAST_NAN_CANONICAL ? "nan:canonical" : "nan:arithmetic";
}

static void put_f32(text *t, uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    if (f != f)
        put(t, "%snan:0x%x", bits >> 31 ? "-" : "", bits & 0x7fffffu);
    else
        put(t, "%.9g", (double)f);
    put(t, " (0x%08x)", bits);
}

static void put_f64(text *t, uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    if (d != d)
        put(t, "%snan:0x%llx", bits >> 63 ? "-" : "",
            (unsigned long long)(bits & 0xfffffffffffffu));
    else
        put(t, "%.17g", d);
    put(t, " (0x%016llx)", (unsigned long long)bits);
}

static const char *const shape_names[] = {"i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"};
static const unsigned shape_widths[] = {1, 2, 4, 8, 4, 8};

/* v128 lanes in `shape`; `lane_nan` (may be NULL) gives float lane patterns. */
static void put_v128(text *t, const uint8_t *bytes, comp_wast_v128_shape shape,
                     const comp_wast_nan *lane_nan)
{
    unsigned width = shape_widths[shape], lanes = 16 / width;
    bool is_float = shape == COMP_WAST_F32X4 || shape == COMP_WAST_F64X2;
    put(t, "(v128.const %s", shape_names[shape]);
    for (unsigned i = 0; i < lanes; i++) {
        if (is_float && lane_nan && lane_nan[i] != COMP_WAST_EXACT)
            put(t, " %s", nan_name(lane_nan[i]));
        else
            put(t, " 0x%0*llx", (int)(width * 2), (unsigned long long)lane_bits(bytes, i, width));
    }
    put(t, ")");
}

static void describe_expected(text *t, const comp_wast_value *v)
{
    switch (v->kind) {
    case COMP_WAST_I32:
        put(t, "(i32.const %d (0x%08x))", (int32_t)v->u.i32, v->u.i32);
        return;
    case COMP_WAST_I64:
        put(t, "(i64.const %lld (0x%016llx))", (long long)(int64_t)v->u.i64,
            (unsigned long long)v->u.i64);
        return;
    case COMP_WAST_F32:
    case COMP_WAST_F64:
        put(t, "(%s.const ", v->kind == COMP_WAST_F32 ? "f32" : "f64");
        if (v->u.f.nan != COMP_WAST_EXACT)
            put(t, "%s", nan_name(v->u.f.nan));
        else if (v->kind == COMP_WAST_F32)
            put_f32(t, (uint32_t)v->u.f.bits);
        else
            put_f64(t, v->u.f.bits);
        put(t, ")");
        return;
    case COMP_WAST_V128:
        put_v128(t, v->u.v128.bytes, v->u.v128.shape, v->u.v128.lane_nan);
        return;
    case COMP_WAST_REF_NULL:
        put(t, "(ref.null %s)", v->u.ref_null == COMP_WAST_FUNC_REF  ? "func"
                                : v->u.ref_null == COMP_WAST_EXN_REF ? "exn"
                                                                     : "extern");
        return;
    case COMP_WAST_REF_EXTERN:
    case COMP_WAST_REF_FUNC:
        put(t, "(ref.%s", v->kind == COMP_WAST_REF_EXTERN ? "extern" : "func");
        if (v->u.ref.has_payload)
            put(t, " %u", v->u.ref.payload);
        put(t, ")");
        return;
    case COMP_WAST_EITHER:
        put(t, "(either");
        for (uint32_t i = 0; i < v->u.list.count; i++) {
            put(t, " ");
            if (v->u.list.items[i].kind != COMP_WAST_EITHER)
                describe_expected(t, &v->u.list.items[i]);
            else
                put(t, "(either ...)");
        }
        put(t, ")");
        return;
    default:
        put(t, "(a component value)");
        return;
    }
}

void wast_describe_expected(const comp_wast_value *v, char *buf, size_t size)
{
    text t = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    describe_expected(&t, v);
}

void wast_describe_value(const rt_val *v, const comp_wast_value *like, char *buf, size_t size)
{
    text t = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    switch (v->kind) {
    case RT_I32:
        put(&t, "(i32.const %d (0x%08x))", (int32_t)v->of.i32, v->of.i32);
        return;
    case RT_I64:
        put(&t, "(i64.const %lld (0x%016llx))", (long long)(int64_t)v->of.i64,
            (unsigned long long)v->of.i64);
        return;
    case RT_F32:
        put(&t, "(f32.const ");
        put_f32(&t, v->of.f32);
        put(&t, ")");
        return;
    case RT_F64:
        put(&t, "(f64.const ");
        put_f64(&t, v->of.f64);
        put(&t, ")");
        return;
    case RT_V128:
        put_v128(&t, v->of.v128.bytes,
                 like && like->kind == COMP_WAST_V128 ? like->u.v128.shape : COMP_WAST_I32X4, NULL);
        return;
    case RT_FUNCREF:
        put(&t, v->of.funcref ? "(ref.func)" : "(ref.null func)");
        return;
    case RT_EXNREF:
        put(&t, v->of.exnref ? "(ref.exn)" : "(ref.null exn)");
        return;
    case RT_EXTERNREF:
        if (!v->of.externref)
            put(&t, "(ref.null extern)");
        else
            put(&t, "(ref.extern %llu)",
                (unsigned long long)((uintptr_t)v->of.externref - 1));
        return;
    default:
        put(&t, "(a value of kind 0x%02x)", v->kind);
        return;
    }
}
