/* WAST constants: core values and result patterns, and the component
 * model's values (`(u32.const 1)`, `(str.const "a")`, `(list.const ...)`). */
#include "text/wast_parts.h"

#include <string.h>

#include "text/literals.h"

/* A value written as items[0..count) of a list: items[0] is the keyword
 * (`u32.const`), the rest its operands. `at` is the list, for positions. */
typedef struct value_span {
    const text_sexpr *at;
    text_sexpr *const *items;
    uint32_t count;
} value_span;

typedef struct value_reader {
    comp_arena *arena;
    comp_error *err;
} value_reader;

static bool read_span(value_reader *vr, value_span sp, bool result, comp_wast_value *out);

static bool oom(value_reader *vr, const text_sexpr *at)
{
    return text_fail(vr->err, at->tok.pos, "out of memory");
}

/* The operand at sp.items[i], or an error naming what was expected. */
static const text_sexpr *operand(value_reader *vr, value_span sp, uint32_t i, const char *what)
{
    if (i < sp.count)
        return sp.items[i];
    text_fail(vr->err, sp.at->end, "expected %s, found `)`", what);
    return NULL;
}

static bool no_more(value_reader *vr, value_span sp, uint32_t i)
{
    if (i >= sp.count)
        return true;
    return text_fail(vr->err, sp.items[i]->tok.pos, "expected `)` after the constant");
}

/* A token of one of the number kinds (literals.h checks the rest). */
static const text_token *number(value_reader *vr, value_span sp, uint32_t i)
{
    const text_sexpr *e = operand(vr, sp, i, "a number");
    if (!e)
        return NULL;
    if (e->kind != SX_ATOM || (e->tok.kind != TOK_INT && e->tok.kind != TOK_FLOAT)) {
        text_fail(vr->err, e->tok.pos, "expected a number, found %s",
                  e->kind == SX_ATOM ? text_tok_kind_name(e->tok.kind) : "a list");
        return NULL;
    }
    return &e->tok;
}

/* `nan:canonical` / `nan:arithmetic` (results only), else EXACT. */
static comp_wast_nan nan_pattern(const text_sexpr *e, bool result)
{
    if (!result)
        return COMP_WAST_EXACT;
    if (text_sexpr_is(e, TOK_KEYWORD, "nan:canonical"))
        return COMP_WAST_NAN_CANONICAL;
    if (text_sexpr_is(e, TOK_KEYWORD, "nan:arithmetic"))
        return COMP_WAST_NAN_ARITHMETIC;
    return COMP_WAST_EXACT;
}

static bool read_float(value_reader *vr, value_span sp, bool result, bool f64,
                       comp_wast_value *out)
{
    const text_sexpr *e = operand(vr, sp, 1, "a float");
    if (!e)
        return false;
    out->kind = f64 ? COMP_WAST_F64 : COMP_WAST_F32;
    out->u.f.nan = nan_pattern(e, result);
    if (out->u.f.nan == COMP_WAST_EXACT) {
        const text_token *t = number(vr, sp, 1);
        uint32_t bits32;
        if (!t || !(f64 ? text_float_f64(t, &out->u.f.bits, vr->err)
                        : text_float_f32(t, &bits32, vr->err)))
            return false;
        if (!f64)
            out->u.f.bits = bits32;
    }
    return no_more(vr, sp, 2);
}

static const comp_wast_v128_shape shape_map[] = {
    [TEXT_V128_I8X16] = COMP_WAST_I8X16, [TEXT_V128_I16X8] = COMP_WAST_I16X8,
    [TEXT_V128_I32X4] = COMP_WAST_I32X4, [TEXT_V128_I64X2] = COMP_WAST_I64X2,
    [TEXT_V128_F32X4] = COMP_WAST_F32X4, [TEXT_V128_F64X2] = COMP_WAST_F64X2,
};

/* (v128.const shape lane*), lanes of float shapes may be NaN patterns. */
static bool read_v128(value_reader *vr, value_span sp, bool result, comp_wast_value *out)
{
    const text_sexpr *s = operand(vr, sp, 1, "a v128 shape (i32x4...)");
    if (!s)
        return false;
    text_v128_shape shape;
    if (s->kind != SX_ATOM || !text_v128_shape_of(&s->tok, &shape, vr->err)) {
        if (s->kind != SX_ATOM)
            text_fail(vr->err, s->tok.pos, "expected a v128 shape (i32x4...), found a list");
        return false;
    }
    out->kind = COMP_WAST_V128;
    out->u.v128.shape = shape_map[shape];
    bool floats = shape == TEXT_V128_F32X4 || shape == TEXT_V128_F64X2;
    unsigned lanes = text_v128_lane_count(shape);
    for (unsigned lane = 0; lane < lanes; lane++) {
        const text_sexpr *e = operand(vr, sp, 2 + lane, "another lane value");
        if (!e)
            return false;
        comp_wast_nan nan = floats ? nan_pattern(e, result) : COMP_WAST_EXACT;
        if (floats)
            out->u.v128.lane_nan[lane] = nan;
        if (nan != COMP_WAST_EXACT)
            continue;
        const text_token *t = number(vr, sp, 2 + lane);
        if (!t || !text_v128_lane(shape, t, lane, out->u.v128.bytes, vr->err))
            return false;
    }
    return no_more(vr, sp, 2 + lanes);
}

/* (ref.null func|extern|exn) */
static bool read_ref_null(value_reader *vr, value_span sp, comp_wast_value *out)
{
    const text_sexpr *e = operand(vr, sp, 1, "a heap type (func, extern or exn)");
    if (!e)
        return false;
    out->kind = COMP_WAST_REF_NULL;
    if (text_sexpr_is(e, TOK_KEYWORD, "func"))
        out->u.ref_null = COMP_WAST_FUNC_REF;
    else if (text_sexpr_is(e, TOK_KEYWORD, "extern"))
        out->u.ref_null = COMP_WAST_EXTERN_REF;
    else if (text_sexpr_is(e, TOK_KEYWORD, "exn"))
        out->u.ref_null = COMP_WAST_EXN_REF;
    else
        return text_fail(vr->err, e->tok.pos, "expected a heap type (func, extern or exn)");
    return no_more(vr, sp, 2);
}

/* (ref.extern N) and (ref.func N); the payload may be left out of results. */
static bool read_ref(value_reader *vr, value_span sp, bool result, comp_wast_value_kind kind,
                     comp_wast_value *out)
{
    out->kind = kind;
    if (sp.count == 1) {
        if (!result)
            return text_fail(vr->err, sp.at->end, "expected a reference payload, found `)`");
        return true;
    }
    const text_token *t = number(vr, sp, 1);
    if (!t || !text_int_u32(t, &out->u.ref.payload, vr->err))
        return false;
    out->u.ref.has_payload = true;
    return no_more(vr, sp, 2);
}

/* ---- component values ----------------------------------------------------- */

typedef struct int_kind {
    const char *keyword;
    comp_wast_value_kind kind;
    bool is_signed;
    unsigned bits;
} int_kind;

static const int_kind int_kinds[] = {
    {"u8.const", COMP_WAST_U8, false, 8},    {"s8.const", COMP_WAST_S8, true, 8},
    {"u16.const", COMP_WAST_U16, false, 16}, {"s16.const", COMP_WAST_S16, true, 16},
    {"u32.const", COMP_WAST_U32, false, 32}, {"s32.const", COMP_WAST_S32, true, 32},
    {"u64.const", COMP_WAST_U64, false, 64}, {"s64.const", COMP_WAST_S64, true, 64},
};

static bool read_int(value_reader *vr, value_span sp, const int_kind *k, comp_wast_value *out)
{
    const text_token *t = number(vr, sp, 1);
    if (!t)
        return false;
    out->kind = k->kind;
    if (t->kind != TOK_INT)
        return text_fail(vr->err, t->pos, "expected an integer for `%s`", k->keyword);
    bool negative = t->len > 0 && t->text[0] == '-';
    if (k->is_signed) {
        uint64_t bits;
        if (!text_int_i64(t, &bits, vr->err))
            return false;
        int64_t v = (int64_t)bits;
        /* i64 also accepts 2^63..2^64-1 written without a sign. */
        bool fits = negative ? v < 0 || bits == 0 : v >= 0;
        if (fits && k->bits < 64)
            fits = v >= -(INT64_C(1) << (k->bits - 1)) && v < (INT64_C(1) << (k->bits - 1));
        if (!fits)
            return text_fail(vr->err, t->pos, "constant out of range for `%s`", k->keyword);
        out->u.s = v;
    } else {
        if (negative)
            return text_fail(vr->err, t->pos, "constant out of range for `%s`", k->keyword);
        if (!text_int_u64(t, &out->u.u, vr->err))
            return false;
        if (k->bits < 64 && out->u.u >> k->bits)
            return text_fail(vr->err, t->pos, "constant out of range for `%s`", k->keyword);
    }
    return no_more(vr, sp, 2);
}

/* A string operand, copied into the arena. */
static bool string_at(value_reader *vr, value_span sp, uint32_t i, const char *what,
                      comp_str *out)
{
    const text_sexpr *e = operand(vr, sp, i, what);
    if (!e)
        return false;
    if (!text_sexpr_is(e, TOK_STRING, NULL))
        return text_fail(vr->err, e->tok.pos, "expected %s", what);
    if (!wast_copy_str(vr->arena, &e->tok, out))
        return oom(vr, e);
    return true;
}

/* One UTF-8 scalar value from `s`; its length in *used, 0 when malformed. */
static uint32_t utf8_scalar(const uint8_t *s, size_t len, size_t *used)
{
    *used = 0;
    if (len == 0)
        return 0;
    unsigned n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
                 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    uint32_t c = n == 1 ? s[0] : s[0] & (0x7f >> n);
    for (unsigned k = 1; k < n; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[k] & 0x3f);
    }
    static const uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min_for_len[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *used = n;
    return c;
}

static bool read_char(value_reader *vr, value_span sp, comp_wast_value *out)
{
    comp_str s;
    if (!string_at(vr, sp, 1, "a string of one character", &s))
        return false;
    out->kind = COMP_WAST_CHAR;
    size_t used;
    out->u.ch = utf8_scalar((const uint8_t *)s.data, s.len, &used);
    if (used == 0 || used != s.len)
        return text_fail(vr->err, sp.items[1]->tok.pos,
                         "expected exactly one Unicode character for `char.const`");
    return no_more(vr, sp, 2);
}

/* A nested value: `(u32.const 1)`, or (as wasm-tools also writes payloads)
 * the keyword and operands inline up to the end of the enclosing list. */
static bool nested(value_reader *vr, value_span sp, uint32_t i, bool result,
                   comp_wast_value **out)
{
    const text_sexpr *e = operand(vr, sp, i, "a value");
    if (!e)
        return false;
    comp_wast_value *v = comp_arena_alloc(vr->arena, sizeof *v);
    if (!v)
        return oom(vr, e);
    *out = v;
    if (e->kind == SX_LIST) {
        if (!read_span(vr, (value_span){e, e->items, e->count}, result, v))
            return false;
        return no_more(vr, sp, i + 1);
    }
    return read_span(vr, (value_span){sp.at, sp.items + i, sp.count - i}, result, v);
}

/* Parenthesized values from items[first] on (list, tuple, either). */
static bool read_items(value_reader *vr, value_span sp, uint32_t first, bool result,
                       comp_wast_value_kind kind, comp_wast_value *out)
{
    out->kind = kind;
    uint32_t n = sp.count > first ? sp.count - first : 0;
    out->u.list.count = n;
    out->u.list.items = comp_arena_array(vr->arena, n ? n : 1, sizeof *out->u.list.items);
    if (!out->u.list.items)
        return oom(vr, sp.at);
    for (uint32_t k = 0; k < n; k++) {
        const text_sexpr *e = sp.items[first + k];
        if (e->kind != SX_LIST)
            return text_fail(vr->err, e->tok.pos, "expected a parenthesized value");
        if (!read_span(vr, (value_span){e, e->items, e->count}, result, &out->u.list.items[k]))
            return false;
    }
    return true;
}

/* (record.const (field "name" value)*) */
static bool read_record(value_reader *vr, value_span sp, bool result, comp_wast_value *out)
{
    out->kind = COMP_WAST_RECORD;
    uint32_t n = sp.count - 1;
    out->u.list.count = n;
    out->u.list.items = comp_arena_array(vr->arena, n ? n : 1, sizeof *out->u.list.items);
    out->u.list.names = comp_arena_array(vr->arena, n ? n : 1, sizeof *out->u.list.names);
    if (!out->u.list.items || !out->u.list.names)
        return oom(vr, sp.at);
    for (uint32_t k = 0; k < n; k++) {
        const text_sexpr *f = sp.items[1 + k];
        if (!text_sexpr_is_form(f, "field"))
            return text_fail(vr->err, f->tok.pos, "expected `(field \"name\" value)`");
        value_span fs = {f, f->items, f->count};
        comp_wast_value *v;
        if (!string_at(vr, fs, 1, "a field name string", &out->u.list.names[k]) ||
            !nested(vr, fs, 2, result, &v))
            return false;
        out->u.list.items[k] = *v;
    }
    return true;
}

static bool read_flags(value_reader *vr, value_span sp, comp_wast_value *out)
{
    out->kind = COMP_WAST_FLAGS;
    uint32_t n = sp.count - 1;
    out->u.list.count = n;
    out->u.list.names = comp_arena_array(vr->arena, n ? n : 1, sizeof *out->u.list.names);
    if (!out->u.list.names)
        return oom(vr, sp.at);
    for (uint32_t k = 0; k < n; k++)
        if (!string_at(vr, sp, 1 + k, "a flag name string", &out->u.list.names[k]))
            return false;
    return true;
}

/* variant.const "case" v?, option.some v, option.none, result.ok v?,
 * result.err v?, enum.const "name". */
static bool read_case(value_reader *vr, value_span sp, bool result, const char *kw,
                      comp_wast_value *out)
{
    uint32_t i = 1;
    bool payload_required = false, payload_allowed = true;
    if (strcmp(kw, "variant.const") == 0 || strcmp(kw, "enum.const") == 0) {
        bool is_enum = kw[0] == 'e';
        out->kind = is_enum ? COMP_WAST_ENUM : COMP_WAST_VARIANT;
        comp_str *name = is_enum ? &out->u.str : &out->u.cases.name;
        if (!string_at(vr, sp, i++, is_enum ? "an enum case string" : "a case name string",
                       name))
            return false;
        payload_allowed = !is_enum;
    } else if (strcmp(kw, "option.none") == 0) {
        out->kind = COMP_WAST_OPTION;
        payload_allowed = false;
    } else if (strcmp(kw, "option.some") == 0) {
        out->kind = COMP_WAST_OPTION;
        payload_required = true;
    } else {
        out->kind = COMP_WAST_RESULT;
        out->u.cases.is_err = strcmp(kw, "result.err") == 0;
    }
    if (i < sp.count && payload_allowed)
        return nested(vr, sp, i, result, &out->u.cases.payload);
    if (payload_required)
        return text_fail(vr->err, sp.at->end, "expected a payload value, found `)`");
    return no_more(vr, sp, i);
}

static bool read_span(value_reader *vr, value_span sp, bool result, comp_wast_value *out)
{
    memset(out, 0, sizeof *out);
    out->pos = wast_pos(sp.at->tok.pos);
    const text_sexpr *head = sp.count ? sp.items[0] : NULL;
    if (!head || !text_sexpr_is(head, TOK_KEYWORD, NULL))
        return text_fail(vr->err, head ? head->tok.pos : sp.at->tok.pos,
                         "expected a constant such as `(i32.const 0)`");
    out->pos = wast_pos(head->tok.pos);
    char kw[24];
    if (head->tok.len >= sizeof kw)
        return text_fail(vr->err, head->tok.pos, "unknown constant `%.*s`",
                         (int)(head->tok.len > 60 ? 60 : head->tok.len), head->tok.text);
    memcpy(kw, head->tok.text, head->tok.len);
    kw[head->tok.len] = '\0';

    if (strcmp(kw, "i32.const") == 0 || strcmp(kw, "i64.const") == 0) {
        const text_token *t = number(vr, sp, 1);
        bool is64 = kw[1] == '6';
        out->kind = is64 ? COMP_WAST_I64 : COMP_WAST_I32;
        if (!t || !(is64 ? text_int_i64(t, &out->u.i64, vr->err)
                         : text_int_i32(t, &out->u.i32, vr->err)))
            return false;
        return no_more(vr, sp, 2);
    }
    if (strcmp(kw, "f32.const") == 0 || strcmp(kw, "f64.const") == 0)
        return read_float(vr, sp, result, kw[1] == '6', out);
    if (strcmp(kw, "v128.const") == 0)
        return read_v128(vr, sp, result, out);
    if (strcmp(kw, "ref.null") == 0)
        return read_ref_null(vr, sp, out);
    if (strcmp(kw, "ref.extern") == 0)
        return read_ref(vr, sp, result, COMP_WAST_REF_EXTERN, out);
    if (strcmp(kw, "ref.func") == 0)
        return read_ref(vr, sp, result, COMP_WAST_REF_FUNC, out);
    if (strcmp(kw, "either") == 0 && result)
        return read_items(vr, sp, 1, result, COMP_WAST_EITHER, out);
    for (size_t k = 0; k < sizeof int_kinds / sizeof int_kinds[0]; k++)
        if (strcmp(kw, int_kinds[k].keyword) == 0)
            return read_int(vr, sp, &int_kinds[k], out);
    if (strcmp(kw, "bool.const") == 0) {
        const text_sexpr *e = operand(vr, sp, 1, "`true` or `false`");
        if (!e)
            return false;
        out->kind = COMP_WAST_BOOL;
        out->u.b = text_sexpr_is(e, TOK_KEYWORD, "true");
        if (!out->u.b && !text_sexpr_is(e, TOK_KEYWORD, "false"))
            return text_fail(vr->err, e->tok.pos, "expected `true` or `false`");
        return no_more(vr, sp, 2);
    }
    if (strcmp(kw, "char.const") == 0)
        return read_char(vr, sp, out);
    if (strcmp(kw, "str.const") == 0) {
        out->kind = COMP_WAST_STRING;
        return string_at(vr, sp, 1, "a string", &out->u.str) && no_more(vr, sp, 2);
    }
    if (strcmp(kw, "list.const") == 0)
        return read_items(vr, sp, 1, result, COMP_WAST_LIST, out);
    if (strcmp(kw, "tuple.const") == 0)
        return read_items(vr, sp, 1, result, COMP_WAST_TUPLE, out);
    if (strcmp(kw, "record.const") == 0)
        return read_record(vr, sp, result, out);
    if (strcmp(kw, "flags.const") == 0)
        return read_flags(vr, sp, out);
    if (strcmp(kw, "variant.const") == 0 || strcmp(kw, "enum.const") == 0 ||
        strcmp(kw, "option.none") == 0 || strcmp(kw, "option.some") == 0 ||
        strcmp(kw, "result.ok") == 0 || strcmp(kw, "result.err") == 0)
        return read_case(vr, sp, result, kw, out);
    return text_fail(vr->err, head->tok.pos, "unknown constant `%s`%s", kw,
                     strcmp(kw, "either") == 0 ? " (only results may use `either`)" : "");
}

bool wast_read_value(const text_sexpr *e, bool result, comp_arena *arena, comp_wast_value *out,
                     comp_error *err)
{
    value_reader vr = {arena, err};
    if (e->kind != SX_LIST)
        return text_fail(err, e->tok.pos, "expected a constant such as `(i32.const 0)`");
    return read_span(&vr, (value_span){e, e->items, e->count}, result, out);
}
