/* Parsed WAVE (an untyped tree) to a component value of a given type
 * (rt/wave.h). The type decides what a label or a bare value means. */
#include "rt/wave.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct converter {
    comp_arena *arena;
    comp_error *err;
} converter;

static const char *kind_name(rt_ctype_kind k)
{
    static const char *const names[] = {
        [RT_CT_BOOL] = "bool", [RT_CT_S8] = "s8", [RT_CT_U8] = "u8", [RT_CT_S16] = "s16",
        [RT_CT_U16] = "u16", [RT_CT_S32] = "s32", [RT_CT_U32] = "u32", [RT_CT_S64] = "s64",
        [RT_CT_U64] = "u64", [RT_CT_F32] = "f32", [RT_CT_F64] = "f64", [RT_CT_CHAR] = "char",
        [RT_CT_STRING] = "string", [RT_CT_LIST] = "list", [RT_CT_FIXED_LIST] = "fixed-length list",
        [RT_CT_RECORD] = "record", [RT_CT_TUPLE] = "tuple", [RT_CT_VARIANT] = "variant",
        [RT_CT_ENUM] = "enum", [RT_CT_OPTION] = "option", [RT_CT_RESULT] = "result",
        [RT_CT_FLAGS] = "flags", [RT_CT_OWN] = "own handle", [RT_CT_BORROW] = "borrow handle",
        [RT_CT_STREAM] = "stream", [RT_CT_FUTURE] = "future", [RT_CT_ERROR_CONTEXT] = "error-context",
    };
    return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "value";
}

static bool mismatch(converter *c, const rt_wave_node *n, rt_ctype_kind k, const char *form)
{
    return comp_error_set(c->err, n->offset, "expected %s (a %s), got something else", form,
                          kind_name(k));
}

static bool label_is(const rt_wave_node *n, const char *word)
{
    return n->kind == RT_WAVE_CASE && !n->escaped && strlen(word) == n->label.len &&
           memcmp(n->label.data, word, n->label.len) == 0;
}

static rt_cval *new_vals(converter *c, uint32_t count)
{
    rt_cval *v = comp_arena_array(c->arena, count ? count : 1, sizeof *v);
    if (v)
        memset(v, 0, (count ? count : 1) * sizeof *v);
    else
        comp_error_set(c->err, 0, "out of memory");
    return v;
}

/* ---- numbers -------------------------------------------------------------- */

static bool is_integer_text(comp_str t)
{
    for (uint32_t i = 0; i < t.len; i++)
        if (!(t.data[i] == '-' && i == 0) && !(t.data[i] >= '0' && t.data[i] <= '9'))
            return false;
    return t.len > 0;
}

static bool read_integer(converter *c, const rt_wave_node *n, rt_ctype_kind k, rt_cval *out)
{
    static const struct { int64_t min; uint64_t max; } ranges[] = {
        [RT_CT_S8] = {-128, 127}, [RT_CT_U8] = {0, 255},
        [RT_CT_S16] = {-32768, 32767}, [RT_CT_U16] = {0, 65535},
        [RT_CT_S32] = {INT32_MIN, INT32_MAX}, [RT_CT_U32] = {0, UINT32_MAX},
        [RT_CT_S64] = {INT64_MIN, INT64_MAX}, [RT_CT_U64] = {0, UINT64_MAX},
    };
    if (n->kind != RT_WAVE_NUMBER || !is_integer_text(n->text))
        return mismatch(c, n, k, "an integer");
    bool neg = n->text.data[0] == '-';
    uint64_t mag = 0;
    bool overflow = false;
    for (uint32_t i = neg; i < n->text.len; i++) {
        unsigned d = (unsigned)(n->text.data[i] - '0');
        if (mag > (UINT64_MAX - d) / 10)
            overflow = true;
        else
            mag = mag * 10 + d;
    }
    int64_t min = ranges[k].min;
    uint64_t max = ranges[k].max;
    /* |min| as unsigned, without overflowing on INT64_MIN. */
    uint64_t min_mag = min < 0 ? (uint64_t)(-(min + 1)) + 1 : 0;
    if (overflow || (neg ? mag > min_mag : mag > max))
        return comp_error_set(c->err, n->offset, "expected a %s in %lld..%llu, got %.*s",
                              kind_name(k), (long long)min, (unsigned long long)max,
                              (int)n->text.len, n->text.data);
    out->kind = (uint8_t)k;
    if (min < 0)
        out->of.s = neg ? (mag == min_mag ? min : -(int64_t)mag) : (int64_t)mag;
    else
        out->of.u = mag;
    return true;
}

static bool read_float(converter *c, const rt_wave_node *n, rt_ctype_kind k, rt_cval *out)
{
    if (n->kind != RT_WAVE_NUMBER)
        return mismatch(c, n, k, "a number, nan or inf");
    char text[400];
    if (n->text.len >= sizeof text)
        return comp_error_set(c->err, n->offset, "expected a number of at most %zu characters",
                              sizeof text - 1);
    memcpy(text, n->text.data, n->text.len);
    text[n->text.len] = '\0';
    out->kind = (uint8_t)k;
    bool nan = strcmp(text, "nan") == 0;
    if (k == RT_CT_F32) {
        float f = strtof(text, NULL);
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        out->of.f32 = nan ? 0x7fc00000u : bits; /* the canonical NaN */
    } else {
        double d = strtod(text, NULL);
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        out->of.f64 = nan ? 0x7ff8000000000000ull : bits;
    }
    return true;
}

/* ---- compound values ---------------------------------------------------------- */

static bool convert(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out,
                    unsigned depth);

static bool convert_seq(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out,
                        unsigned depth)
{
    rt_ctype_kind k = rt_ctype_kind_of(t);
    bool tuple = k == RT_CT_TUPLE;
    if (n->kind != (tuple ? RT_WAVE_TUPLE : RT_WAVE_LIST))
        return mismatch(c, n, k, tuple ? "(a, b, ...)" : "[a, b, ...]");
    if ((tuple || k == RT_CT_FIXED_LIST) && n->count != rt_ctype_count(t))
        return comp_error_set(c->err, n->offset, "expected %u %s, got %u",
                              rt_ctype_count(t), tuple ? "tuple members" : "list elements",
                              n->count);
    out->kind = (uint8_t)k;
    out->of.seq.count = n->count;
    if (!(out->of.seq.items = new_vals(c, n->count)))
        return false;
    for (uint32_t i = 0; i < n->count; i++)
        if (!convert(c, &n->items[i], rt_ctype_elem(t, tuple ? i : 0), &out->of.seq.items[i],
                     depth + 1))
            return false;
    return true;
}

static bool convert_record(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out,
                           unsigned depth)
{
    /* `{}` reads as empty flags; it is an empty record too. */
    if (n->kind != RT_WAVE_RECORD && !(n->kind == RT_WAVE_FLAGS && n->count == 0))
        return mismatch(c, n, RT_CT_RECORD, "{field: value, ...}");
    uint32_t count = rt_ctype_count(t);
    out->kind = RT_CT_RECORD;
    out->of.seq.count = count;
    if (!(out->of.seq.items = new_vals(c, count)))
        return false;
    bool *seen = comp_arena_array(c->arena, count ? count : 1, sizeof *seen);
    if (!seen)
        return comp_error_set(c->err, n->offset, "out of memory");
    memset(seen, 0, (count ? count : 1) * sizeof *seen);
    for (uint32_t i = 0; i < n->count; i++) {
        const rt_wave_node *e = &n->items[i];
        uint32_t at = rt_ctype_find_label(t, e->label);
        if (at == UINT32_MAX)
            return comp_error_set(c->err, e->offset, "expected a field of the record, got %.*s",
                                  (int)e->label.len, e->label.data);
        if (seen[at])
            return comp_error_set(c->err, e->offset, "expected each field once, got %.*s again",
                                  (int)e->label.len, e->label.data);
        seen[at] = true;
        if (!convert(c, e->payload, rt_ctype_elem(t, at), &out->of.seq.items[at], depth + 1))
            return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (seen[i])
            continue;
        const rt_ctype *ft = rt_ctype_elem(t, i);
        comp_str label = rt_ctype_label(t, i);
        if (rt_ctype_kind_of(ft) != RT_CT_OPTION)
            return comp_error_set(c->err, n->offset, "expected field %.*s in the record",
                                  (int)label.len, label.data);
        out->of.seq.items[i].kind = RT_CT_OPTION; /* a left-out option: none */
    }
    return true;
}

/* The payload of a case: present exactly when the case has a type. */
static bool convert_payload(converter *c, const rt_wave_node *n, const rt_ctype *pt,
                            rt_cval *out, unsigned depth)
{
    out->of.cases.payload = NULL;
    if (!pt) {
        if (n->payload)
            return comp_error_set(c->err, n->offset, "expected %.*s without a payload",
                                  (int)n->label.len, n->label.data);
        return true;
    }
    if (!n->payload)
        return comp_error_set(c->err, n->offset, "expected %.*s(payload)", (int)n->label.len,
                              n->label.data);
    rt_cval *p = new_vals(c, 1);
    if (!p)
        return false;
    out->of.cases.payload = p;
    return convert(c, n->payload, pt, p, depth + 1);
}

static bool convert_labelled(converter *c, const rt_wave_node *n, const rt_ctype *t,
                             rt_cval *out, unsigned depth)
{
    rt_ctype_kind k = rt_ctype_kind_of(t);
    if (n->kind != RT_WAVE_CASE)
        return mismatch(c, n, k, k == RT_CT_ENUM ? "a case name" : "a case, or case(payload)");
    uint32_t at = rt_ctype_find_label(t, n->label);
    if (at == UINT32_MAX)
        return comp_error_set(c->err, n->offset, "expected a case of the %s, got %.*s",
                              kind_name(k), (int)n->label.len, n->label.data);
    out->kind = (uint8_t)k;
    out->of.cases.index = at;
    return convert_payload(c, n, k == RT_CT_ENUM ? NULL : rt_ctype_elem(t, at), out, depth);
}

static bool convert_option(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out,
                           unsigned depth)
{
    out->kind = RT_CT_OPTION;
    if (label_is(n, "none")) {
        out->of.cases.index = 0;
        return convert_payload(c, n, NULL, out, depth);
    }
    out->of.cases.index = 1;
    if (label_is(n, "some"))
        return convert_payload(c, n, rt_ctype_elem(t, 0), out, depth);
    /* Flat some: the payload alone. */
    rt_cval *p = new_vals(c, 1);
    if (!p)
        return false;
    out->of.cases.payload = p;
    return convert(c, n, rt_ctype_elem(t, 0), p, depth + 1);
}

static bool convert_result(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out,
                           unsigned depth)
{
    out->kind = RT_CT_RESULT;
    if (label_is(n, "ok") || label_is(n, "err")) {
        uint32_t which = label_is(n, "err");
        out->of.cases.index = which;
        return convert_payload(c, n, rt_ctype_elem(t, which), out, depth);
    }
    /* Flat ok: the ok payload alone. */
    const rt_ctype *ok = rt_ctype_elem(t, 0);
    if (!ok)
        return mismatch(c, n, RT_CT_RESULT, "ok, err or err(payload)");
    rt_cval *p = new_vals(c, 1);
    if (!p)
        return false;
    out->of.cases.index = 0;
    out->of.cases.payload = p;
    return convert(c, n, ok, p, depth + 1);
}

static bool convert_flags(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out)
{
    if (n->kind != RT_WAVE_FLAGS)
        return mismatch(c, n, RT_CT_FLAGS, "{flag, ...}");
    out->kind = RT_CT_FLAGS;
    out->of.flags = 0;
    for (uint32_t i = 0; i < n->count; i++) {
        const rt_wave_node *e = &n->items[i];
        uint32_t at = rt_ctype_find_label(t, e->label);
        if (at == UINT32_MAX || at >= 32)
            return comp_error_set(c->err, e->offset, "expected a flag of the type, got %.*s",
                                  (int)e->label.len, e->label.data);
        if (out->of.flags & (1u << at))
            return comp_error_set(c->err, e->offset, "expected each flag once, got %.*s again",
                                  (int)e->label.len, e->label.data);
        out->of.flags |= 1u << at;
    }
    return true;
}

static bool convert(converter *c, const rt_wave_node *n, const rt_ctype *t, rt_cval *out,
                    unsigned depth)
{
    if (depth >= RT_WAVE_MAX_DEPTH)
        return comp_error_set(c->err, n->offset, "values nest deeper than %d levels",
                              RT_WAVE_MAX_DEPTH);
    memset(out, 0, sizeof *out);
    rt_ctype_kind k = rt_ctype_kind_of(t);
    switch (k) {
    case RT_CT_BOOL:
        if (!label_is(n, "true") && !label_is(n, "false"))
            return mismatch(c, n, k, "true or false");
        out->kind = RT_CT_BOOL;
        out->of.b = label_is(n, "true");
        return true;
    case RT_CT_S8: case RT_CT_U8: case RT_CT_S16: case RT_CT_U16:
    case RT_CT_S32: case RT_CT_U32: case RT_CT_S64: case RT_CT_U64:
        return read_integer(c, n, k, out);
    case RT_CT_F32: case RT_CT_F64:
        return read_float(c, n, k, out);
    case RT_CT_CHAR:
        if (n->kind != RT_WAVE_CHAR)
            return mismatch(c, n, k, "'c'");
        out->kind = RT_CT_CHAR;
        out->of.ch = n->ch;
        return true;
    case RT_CT_STRING:
        if (n->kind != RT_WAVE_STRING)
            return mismatch(c, n, k, "\"text\"");
        out->kind = RT_CT_STRING;
        out->of.str = n->text;
        return true;
    case RT_CT_LIST: case RT_CT_FIXED_LIST: case RT_CT_TUPLE:
        return convert_seq(c, n, t, out, depth);
    case RT_CT_RECORD:
        return convert_record(c, n, t, out, depth);
    case RT_CT_VARIANT: case RT_CT_ENUM:
        return convert_labelled(c, n, t, out, depth);
    case RT_CT_OPTION:
        return convert_option(c, n, t, out, depth);
    case RT_CT_RESULT:
        return convert_result(c, n, t, out, depth);
    case RT_CT_FLAGS:
        return convert_flags(c, n, t, out);
    case RT_CT_OWN: case RT_CT_BORROW: case RT_CT_STREAM: case RT_CT_FUTURE:
    case RT_CT_ERROR_CONTEXT:
        return comp_error_set(c->err, n->offset, "expected no %s: handles have no WAVE form",
                              kind_name(k));
    }
    return comp_error_set(c->err, n->offset, "expected a value of a known type");
}

bool rt_wave_to_cval(const rt_wave_node *n, const rt_ctype *t, comp_arena *arena, rt_cval *out,
                     comp_error *err)
{
    converter c = {arena, err};
    return convert(&c, n, t, out, 0);
}
