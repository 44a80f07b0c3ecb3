/* Component type definitions written into one component (the outer one or
 * an export shim): value types inline where the binary allows, other types
 * as type sections, named types as the scope's callback decides. */
#include "emit.h"

#include <string.h>

static void leb_s33(comp_buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40))) {
            comp_buf_byte(b, byte);
            return;
        }
        comp_buf_byte(b, (uint8_t)(byte | 0x80));
    }
}

uint32_t cn_scope_define(cn_scope *s, const comp_buf *t)
{
    comp_buf sec = {0};
    cn_leb_u32(&sec, 1);
    comp_buf_append(&sec, t->data, t->len);
    cn_section(s->out, COMP_CSEC_TYPE, &sec);
    comp_buf_free(&sec);
    return (*s->types)++;
}

static bool opt_valtype(cn_scope *s, wit_tref t, comp_buf *b)
{
    if (t.kind == WIT_TREF_NONE) {
        comp_buf_byte(b, 0x00);
        return true;
    }
    comp_buf_byte(b, 0x01);
    return cn_scope_valtype(s, t, b);
}

static void label(comp_buf *b, comp_str s)
{
    cn_name(b, s.data, s.len);
}

/* The structure of type `id` (named or not) as a type definition. */
bool cn_scope_structure(cn_scope *s, uint32_t id, uint32_t *index)
{
    const wit_rtype *t = &s->r->types[id];
    if (++s->depth > CN_MAX_TYPE_DEPTH)
        return comp_error_set(s->err, 0, "types nest too deeply");
    comp_buf b = {0};
    bool ok = true;
    switch (t->kind) {
    case WIT_DEF_KIND_ALIAS:
        comp_buf_free(&b);
        s->depth--;
        if (t->a.kind != WIT_TREF_ID)
            return comp_error_set(s->err, 0, "exports using aliases of primitive types are not supported yet");
        return cn_scope_type_id(s, t->a.id, index);
    case WIT_DEF_KIND_RECORD:
        comp_buf_byte(&b, COMP_TYPE_RECORD);
        cn_leb_u32(&b, t->field_count);
        for (uint32_t i = 0; ok && i < t->field_count; i++) {
            label(&b, t->fields[i].name);
            ok = cn_scope_valtype(s, t->fields[i].type, &b);
        }
        break;
    case WIT_DEF_KIND_VARIANT:
        comp_buf_byte(&b, COMP_TYPE_VARIANT);
        cn_leb_u32(&b, t->field_count);
        for (uint32_t i = 0; ok && i < t->field_count; i++) {
            label(&b, t->fields[i].name);
            ok = opt_valtype(s, t->fields[i].type, &b);
            comp_buf_byte(&b, 0x00);
        }
        break;
    case WIT_DEF_KIND_ENUM:
    case WIT_DEF_KIND_FLAGS:
        comp_buf_byte(&b, t->kind == WIT_DEF_KIND_ENUM ? COMP_TYPE_ENUM : COMP_TYPE_FLAGS);
        cn_leb_u32(&b, t->field_count);
        for (uint32_t i = 0; i < t->field_count; i++)
            label(&b, t->fields[i].name);
        break;
    case WIT_DEF_KIND_LIST:
        comp_buf_byte(&b, COMP_TYPE_LIST);
        ok = cn_scope_valtype(s, t->a, &b);
        break;
    case WIT_DEF_KIND_OPTION:
        comp_buf_byte(&b, COMP_TYPE_OPTION);
        ok = cn_scope_valtype(s, t->a, &b);
        break;
    case WIT_DEF_KIND_RESULT:
        comp_buf_byte(&b, COMP_TYPE_RESULT);
        ok = opt_valtype(s, t->a, &b) && opt_valtype(s, t->b, &b);
        break;
    case WIT_DEF_KIND_TUPLE:
        comp_buf_byte(&b, COMP_TYPE_TUPLE);
        cn_leb_u32(&b, t->field_count);
        for (uint32_t i = 0; ok && i < t->field_count; i++)
            ok = cn_scope_valtype(s, t->fields[i].type, &b);
        break;
    case WIT_DEF_KIND_OWN:
    case WIT_DEF_KIND_BORROW: {
        uint32_t res = 0;
        ok = t->a.kind == WIT_TREF_ID && cn_scope_type_id(s, t->a.id, &res);
        comp_buf_byte(&b, t->kind == WIT_DEF_KIND_OWN ? COMP_TYPE_OWN : COMP_TYPE_BORROW);
        cn_leb_u32(&b, res);
        break;
    }
    case WIT_DEF_KIND_RESOURCE:
        ok = comp_error_set(s->err, 0, "exported resources (`%.*s`) are not supported yet", (int)t->name.len,
                            t->name.data);
        break;
    default:
        ok = comp_error_set(s->err, 0, "exports using types of this kind are not supported yet");
    }
    if (ok)
        *index = cn_scope_define(s, &b);
    comp_buf_free(&b);
    s->depth--;
    return ok;
}

bool cn_scope_type_id(cn_scope *s, uint32_t id, uint32_t *index)
{
    if (id >= s->r->type_count)
        return comp_error_set(s->err, 0, "type id out of range");
    if (s->type_of[id] != UINT32_MAX) {
        *index = s->type_of[id];
        return true;
    }
    const wit_rtype *t = &s->r->types[id];
    bool ok = t->name.data ? s->named(s, id, index) : cn_scope_structure(s, id, index);
    if (ok)
        s->type_of[id] = *index;
    return ok;
}

static const uint8_t prims[] = {
    [WIT_TREF_BOOL] = COMP_PRIM_BOOL, [WIT_TREF_U8] = COMP_PRIM_U8, [WIT_TREF_U16] = COMP_PRIM_U16,
    [WIT_TREF_U32] = COMP_PRIM_U32, [WIT_TREF_U64] = COMP_PRIM_U64, [WIT_TREF_S8] = COMP_PRIM_S8,
    [WIT_TREF_S16] = COMP_PRIM_S16, [WIT_TREF_S32] = COMP_PRIM_S32, [WIT_TREF_S64] = COMP_PRIM_S64,
    [WIT_TREF_F32] = COMP_PRIM_F32, [WIT_TREF_F64] = COMP_PRIM_F64, [WIT_TREF_CHAR] = COMP_PRIM_CHAR,
    [WIT_TREF_STRING] = COMP_PRIM_STRING, [WIT_TREF_ERROR_CONTEXT] = COMP_PRIM_ERROR_CONTEXT,
};

bool cn_scope_valtype(cn_scope *s, wit_tref t, comp_buf *b)
{
    if (t.kind == WIT_TREF_ID) {
        uint32_t index;
        if (!cn_scope_type_id(s, t.id, &index))
            return false;
        leb_s33(b, index);
        return true;
    }
    if ((size_t)t.kind >= sizeof prims || !prims[t.kind])
        return comp_error_set(s->err, 0, "missing type in an export's signature");
    comp_buf_byte(b, prims[t.kind]);
    return true;
}

bool cn_scope_functype(cn_scope *s, const wit_rfunc *f, uint32_t *index)
{
    comp_buf ft = {0};
    comp_buf_byte(&ft, f->is_async ? COMP_TYPE_ASYNC_FUNC : COMP_TYPE_FUNC);
    cn_leb_u32(&ft, f->param_count);
    bool ok = true;
    for (uint32_t i = 0; ok && i < f->param_count; i++) {
        label(&ft, f->params[i].name);
        ok = cn_scope_valtype(s, f->params[i].type, &ft);
    }
    if (ok && f->result.kind == WIT_TREF_NONE)
        comp_buf_byte(&ft, 0x01), comp_buf_byte(&ft, 0x00);
    else if (ok)
        comp_buf_byte(&ft, 0x00), ok = cn_scope_valtype(s, f->result, &ft);
    if (ok)
        *index = cn_scope_define(s, &ft);
    comp_buf_free(&ft);
    return ok;
}

uint32_t *cn_scope_map(comp_arena *arena, const wit_resolve *r)
{
    uint32_t *m = comp_arena_array(arena, r->type_count + 1, sizeof *m);
    for (uint32_t i = 0; m && i <= r->type_count; i++)
        m[i] = UINT32_MAX;
    return m;
}
