/* Component text parser: value definitions `(value $id? valtype val)`
 * (Explainer.md "Value Definitions"), encoded as Binary.md's val(t). The
 * encoding follows the value type, so type indices are looked up in the
 * types defined in this component (or reached by outer aliases); a value
 * of an imported type can still be written as `(binary "...")`. */
#include <string.h>

#include "text/literals.h"
#include "text/wat_component_parser.h"
#include "writer.h"

typedef struct val_ctx {
    wc_ctx *cx;
    comp_buf *out;
    unsigned depth;
} val_ctx;

static bool encode(val_ctx *vc, comp_cvaltype t, const text_sexpr *v);

const comp_type *wc_type_def(const wc_ctx *cx, uint32_t index)
{
    const wc_scope *s = cx->scope;
    if (s->kind != WC_SCOPE_COMPONENT || index >= s->type_defs.count)
        return NULL;
    return ((const comp_type *const *)s->type_defs.data)[index];
}

static bool is_kw_atom(const text_sexpr *v, const char *kw)
{
    return v->kind == SX_ATOM && wc_is_kw(v, kw);
}

/* An integer literal of a type whose range is min..max. */
static bool int_value(val_ctx *vc, const text_sexpr *v, int64_t min, uint64_t max,
                      uint64_t *bits)
{
    if (v->kind != SX_ATOM || v->tok.kind != TOK_INT)
        return wc_fail(vc->cx, v, "expected an integer value");
    if (!text_int_i64(&v->tok, bits, vc->cx->err))
        return false;
    bool negative = v->tok.len > 0 && v->tok.text[0] == '-';
    if (negative ? (int64_t)*bits < min : *bits > max)
        return wc_fail(vc->cx, v, "constant out of range for the value type");
    return true;
}

/* `nan`, or a float that is not NaN (Binary.md: only the canonical NaN). */
static bool float_value(val_ctx *vc, const text_sexpr *v, bool is_f32, uint64_t *bits)
{
    if (v->kind != SX_ATOM || (v->tok.kind != TOK_FLOAT && v->tok.kind != TOK_INT))
        return wc_fail(vc->cx, v, "expected a float value");
    bool nan_payload = v->tok.len > 4 && memchr(v->tok.text, ':', v->tok.len) != NULL;
    uint64_t canon;
    bool is_nan;
    if (is_f32) {
        uint32_t b;
        if (!text_float_f32(&v->tok, &b, vc->cx->err))
            return false;
        *bits = b;
        canon = 0x7fc00000u;
        is_nan = (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0;
    } else {
        if (!text_float_f64(&v->tok, bits, vc->cx->err))
            return false;
        canon = 0x7ff8000000000000u;
        is_nan = (*bits & 0x7ff0000000000000u) == 0x7ff0000000000000u &&
                 (*bits & 0x000fffffffffffffu) != 0;
    }
    if (is_nan && (nan_payload || *bits != canon))
        return wc_fail(vc->cx, v, "a NaN value must be written `nan` (the canonical NaN)");
    return true;
}

/* The UTF-8 sequence of one scalar value at s[0..len) (0: invalid). */
static size_t utf8_scalar(const uint8_t *s, size_t len, uint32_t *c)
{
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
               : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    *c = n == 1 ? s[0] : (uint32_t)(s[0] & (0x7f >> n));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        *c = (*c << 6) | (s[i] & 0x3f);
    }
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (*c < least[n] || *c > 0x10ffff || (*c >= 0xd800 && *c < 0xe000))
        return 0;
    return n;
}

static void put_utf8(comp_buf *b, uint32_t c)
{
    if (c < 0x80) {
        comp_buf_byte(b, (uint8_t)c);
    } else if (c < 0x800) {
        comp_buf_byte(b, (uint8_t)(0xc0 | c >> 6));
        comp_buf_byte(b, (uint8_t)(0x80 | (c & 0x3f)));
    } else if (c < 0x10000) {
        comp_buf_byte(b, (uint8_t)(0xe0 | c >> 12));
        comp_buf_byte(b, (uint8_t)(0x80 | ((c >> 6) & 0x3f)));
        comp_buf_byte(b, (uint8_t)(0x80 | (c & 0x3f)));
    } else {
        comp_buf_byte(b, (uint8_t)(0xf0 | c >> 18));
        comp_buf_byte(b, (uint8_t)(0x80 | ((c >> 12) & 0x3f)));
        comp_buf_byte(b, (uint8_t)(0x80 | ((c >> 6) & 0x3f)));
        comp_buf_byte(b, (uint8_t)(0x80 | (c & 0x3f)));
    }
}

/* `'c'`: one character or escape (\t \n \r \" \' \\ \u{hex}) in single
 * quotes. The lexer gives it as one reserved token. */
static bool char_value(val_ctx *vc, const text_sexpr *v)
{
    const uint8_t *s = (const uint8_t *)v->tok.text;
    size_t len = v->tok.len;
    if (v->kind != SX_ATOM || len < 3 || s[0] != '\'' || s[len - 1] != '\'')
        return wc_fail(vc->cx, v, "expected a character value like 'a'");
    s++;
    len -= 2;
    uint32_t c = 0;
    size_t used;
    if (s[0] != '\\') {
        used = utf8_scalar(s, len, &c);
    } else if (len == 2 && strchr("tnr\"'\\", s[1]) && s[1]) {
        c = s[1] == 't' ? '\t' : s[1] == 'n' ? '\n' : s[1] == 'r' ? '\r' : s[1];
        used = 2;
    } else if (len >= 5 && s[1] == 'u' && s[2] == '{' && s[len - 1] == '}') {
        used = len;
        for (size_t i = 3; i + 1 < len; i++) {
            int d = text_hex_digit(s[i]);
            if (d < 0 || c > 0x10ffff) {
                used = 0;
                break;
            }
            c = c * 16 + (uint32_t)d;
        }
        if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
            used = 0;
    } else {
        used = 0;
    }
    if (used == 0 || used != len)
        return wc_fail(vc->cx, v, "expected one Unicode scalar value between single quotes");
    put_utf8(vc->out, c);
    return true;
}

static bool prim_value(val_ctx *vc, uint8_t prim, const text_sexpr *v)
{
    uint64_t bits;
    switch (prim) {
    case COMP_PRIM_BOOL:
        if (is_kw_atom(v, "false") || is_kw_atom(v, "true")) {
            comp_buf_byte(vc->out, is_kw_atom(v, "true"));
            return true;
        }
        return wc_fail(vc->cx, v, "expected `true` or `false`");
    case COMP_PRIM_U8:
    case COMP_PRIM_S8:
        if (!int_value(vc, v, prim == COMP_PRIM_S8 ? -128 : 0, prim == COMP_PRIM_S8 ? 127 : 255,
                       &bits))
            return false;
        comp_buf_byte(vc->out, (uint8_t)bits);
        return true;
    case COMP_PRIM_S16:
    case COMP_PRIM_S32:
    case COMP_PRIM_S64: {
        unsigned w = prim == COMP_PRIM_S16 ? 16 : prim == COMP_PRIM_S32 ? 32 : 64;
        int64_t min = (int64_t)(UINT64_MAX << (w - 1)); /* -2^(w-1) */
        if (!int_value(vc, v, min, (uint64_t)INT64_MAX >> (64 - w), &bits))
            return false;
        leb_put_s64(vc->out, (int64_t)bits, 0);
        return true;
    }
    case COMP_PRIM_U16:
    case COMP_PRIM_U32:
    case COMP_PRIM_U64: {
        unsigned w = prim == COMP_PRIM_U16 ? 16 : prim == COMP_PRIM_U32 ? 32 : 64;
        if (!int_value(vc, v, 0, UINT64_MAX >> (64 - w), &bits))
            return false;
        leb_put_u64(vc->out, bits, 0);
        return true;
    }
    case COMP_PRIM_F32:
    case COMP_PRIM_F64: {
        bool f32 = prim == COMP_PRIM_F32;
        if (!float_value(vc, v, f32, &bits))
            return false;
        for (unsigned i = 0; i < (f32 ? 4u : 8u); i++)
            comp_buf_byte(vc->out, (uint8_t)(bits >> (8 * i)));
        return true;
    }
    case COMP_PRIM_CHAR:
        return char_value(vc, v);
    case COMP_PRIM_STRING: {
        comp_str s;
        if (!wc_is_string(v))
            return wc_fail(vc->cx, v, "expected a string value");
        if (!wc_name(vc->cx, v, &s))
            return false;
        leb_put_u64(vc->out, s.len, 0);
        comp_buf_append(vc->out, s.data, s.len);
        return true;
    }
    default:
        return wc_fail(vc->cx, v, "values of type %s cannot be written (no val encoding)",
                       comp_primvaltype_name(prim) ? comp_primvaltype_name(prim) : "?");
    }
}

/* `(KW ...)` with the item count in first..last. */
static bool form(val_ctx *vc, const text_sexpr *v, const char *kw, uint32_t min, uint32_t max)
{
    if (!wc_is_form(v, kw))
        return wc_fail(vc->cx, v, "expected a `(%s ...)` value", kw);
    if (v->count - 1 < min || v->count - 1 > max)
        return wc_fail(vc->cx, v, "wrong number of items in `(%s ...)`", kw);
    return true;
}

/* The index of label string `v` in `labels`. */
static bool label_index(val_ctx *vc, const text_sexpr *v, const comp_str *labels,
                        uint32_t count, size_t stride, uint32_t *out)
{
    comp_str l;
    if (!wc_is_string(v) || !wc_name(vc->cx, v, &l))
        return wc_fail(vc->cx, v, "expected a label string");
    for (uint32_t i = 0; i < count; i++) {
        const comp_str *c = (const comp_str *)((const uint8_t *)labels + i * stride);
        if (c->len == l.len && memcmp(c->data, l.data, l.len) == 0) {
            *out = i;
            return true;
        }
    }
    return wc_fail(vc->cx, v, "unknown label \"%.*s\" for this type",
                   (int)(l.len > 60 ? 60 : l.len), l.data);
}

static bool flags_value(val_ctx *vc, const comp_type *d, const text_sexpr *v)
{
    uint32_t n = d->u.labels.label_count;
    if (!form(vc, v, "flags", 0, UINT32_MAX))
        return false;
    uint8_t bytes[32] = {0}; /* validation bounds flags to 32 labels */
    if (n > 8 * sizeof bytes)
        return wc_fail(vc->cx, v, "too many flags to encode");
    for (uint32_t i = 1; i < v->count; i++) {
        uint32_t k;
        if (!label_index(vc, v->items[i], d->u.labels.labels, n, sizeof(comp_str), &k))
            return false;
        if (bytes[k / 8] & (1u << (k % 8)))
            return wc_fail(vc->cx, v->items[i], "flag named twice");
        bytes[k / 8] |= (uint8_t)(1u << (k % 8));
    }
    comp_buf_append(vc->out, bytes, (n + 7) / 8);
    return true;
}

static bool result_value(val_ctx *vc, const comp_type *d, const text_sexpr *v)
{
    bool ok = is_kw_atom(v, "ok") || wc_is_form(v, "ok");
    if (!ok && !is_kw_atom(v, "error") && !wc_is_form(v, "error"))
        return wc_fail(vc->cx, v, "expected `ok`, `(ok v)`, `error` or `(error v)`");
    bool has = ok ? d->u.result.has_ok : d->u.result.has_err;
    if (has != (v->kind == SX_LIST))
        return wc_fail(vc->cx, v, has ? "expected a payload for this case" : "this case has no payload");
    comp_buf_byte(vc->out, ok ? 0 : 1);
    if (!has)
        return true;
    if (v->count != 2)
        return wc_fail(vc->cx, v, "expected one payload value");
    return encode(vc, ok ? d->u.result.ok : d->u.result.err, v->items[1]);
}

static bool defined_value(val_ctx *vc, const comp_type *d, const text_sexpr *v)
{
    uint32_t k;
    if (comp_is_primvaltype(d->kind))
        return prim_value(vc, d->kind, v);
    switch (d->kind) {
    case COMP_TYPE_RECORD: {
        uint32_t n = d->u.record.field_count;
        if (!form(vc, v, "record", n, n))
            return false;
        for (uint32_t i = 0; i < n; i++)
            if (!encode(vc, d->u.record.fields[i].type, v->items[i + 1]))
                return false;
        return true;
    }
    case COMP_TYPE_TUPLE: {
        uint32_t n = d->u.tuple.type_count;
        if (!form(vc, v, "tuple", n, n))
            return false;
        for (uint32_t i = 0; i < n; i++)
            if (!encode(vc, d->u.tuple.types[i], v->items[i + 1]))
                return false;
        return true;
    }
    case COMP_TYPE_VARIANT: {
        if (!form(vc, v, "variant", 1, 2))
            return false;
        if (d->u.variant.case_count == 0)
            return wc_fail(vc->cx, v, "a variant without cases has no values");
        if (!label_index(vc, v->items[1], &d->u.variant.cases[0].label, d->u.variant.case_count,
                         sizeof(comp_case), &k))
            return false;
        const comp_case *c = &d->u.variant.cases[k];
        if (c->has_type != (v->count == 3))
            return wc_fail(vc->cx, v, c->has_type ? "expected a payload for this case"
                                                  : "this case has no payload");
        leb_put_u64(vc->out, k, 0);
        return !c->has_type || encode(vc, c->type, v->items[2]);
    }
    case COMP_TYPE_LIST:
        if (!form(vc, v, "list", 0, UINT32_MAX))
            return false;
        leb_put_u64(vc->out, v->count - 1, 0);
        for (uint32_t i = 1; i < v->count; i++)
            if (!encode(vc, d->u.list.elem, v->items[i]))
                return false;
        return true;
    case COMP_TYPE_FLAGS:
        return flags_value(vc, d, v);
    case COMP_TYPE_ENUM:
        if (!form(vc, v, "enum", 1, 1) ||
            !label_index(vc, v->items[1], d->u.labels.labels, d->u.labels.label_count,
                         sizeof(comp_str), &k))
            return false;
        leb_put_u64(vc->out, k, 0);
        return true;
    case COMP_TYPE_OPTION:
        if (is_kw_atom(v, "none")) {
            comp_buf_byte(vc->out, 0);
            return true;
        }
        if (!form(vc, v, "some", 1, 1))
            return false;
        comp_buf_byte(vc->out, 1);
        return encode(vc, d->u.option, v->items[1]);
    case COMP_TYPE_RESULT:
        return result_value(vc, d, v);
    default:
        return wc_fail(vc->cx, v, "values of this type have no encoding (expected a record, "
                                  "variant, list, tuple, flags, enum, option, result or primitive)");
    }
}

/* `(binary "..."*)`: the val bytes themselves. */
static bool binary_value(val_ctx *vc, const text_sexpr *v)
{
    for (uint32_t i = 1; i < v->count; i++) {
        if (!wc_is_string(v->items[i]))
            return wc_fail(vc->cx, v->items[i], "expected a string in `(binary ...)`");
        comp_buf_append(vc->out, v->items[i]->tok.value, v->items[i]->tok.value_len);
    }
    return true;
}

static bool encode(val_ctx *vc, comp_cvaltype t, const text_sexpr *v)
{
    if (wc_is_form(v, "binary"))
        return binary_value(vc, v);
    if (vc->depth >= WC_MAX_DEPTH)
        return wc_fail(vc->cx, v, "value nests too deeply");
    vc->depth++;
    bool ok;
    if (t.prim) {
        ok = prim_value(vc, t.prim, v);
    } else {
        const comp_type *d = wc_type_def(vc->cx, t.index);
        ok = d ? defined_value(vc, d, v)
               : wc_fail(vc->cx, v, "type %u is not defined in this component: write this value "
                                    "as `(binary \"...\")`", t.index);
    }
    vc->depth--;
    return ok;
}

bool wc_value_field(wc_ctx *cx, const text_sexpr *e)
{
    if (cx->scope->kind != WC_SCOPE_COMPONENT)
        return wc_fail(cx, e, "value definitions belong in a component");
    uint32_t at = 1;
    const text_sexpr *id = NULL;
    /* `(value $t v)` is a value of type $t: a $id binds only before
     * both a type and a value. */
    if (e->count >= 4 && wc_is_id(e->items[at]))
        id = e->items[at++];
    comp_value val = {0};
    wc_fixups f = {0};
    if (!wc_valtype(cx, e, at, &val.type, &f) || !wc_fixups_resolve(cx, &f))
        return false;
    at++;
    if (at >= e->count)
        return wc_fail(cx, wc_item_or_self(e, at), "expected a value after the value type");
    if (!wc_expect_end(cx, e, at + 1))
        return false;
    comp_buf bytes = {0};
    val_ctx vc = {cx, &bytes, 0};
    bool ok = encode(&vc, val.type, e->items[at]);
    if (ok && (bytes.oom || bytes.len > UINT32_MAX))
        ok = wc_oom(cx, e);
    uint8_t *copy = ok ? comp_arena_alloc(cx->arena, bytes.len ? bytes.len : 1) : NULL;
    if (ok && !copy)
        ok = wc_oom(cx, e);
    if (ok) {
        if (bytes.len)
            memcpy(copy, bytes.data, bytes.len);
        val.bytes = copy;
        val.len = (uint32_t)bytes.len;
        val.offset = e->tok.pos.offset;
    }
    comp_buf_free(&bytes);
    if (!ok)
        return false;
    comp_value *slot = wc_append(cx, COMP_CSEC_VALUE, e);
    if (!slot)
        return false;
    *slot = val;
    return wc_define_in(cx, WC_VALUE, id, e, NULL);
}
