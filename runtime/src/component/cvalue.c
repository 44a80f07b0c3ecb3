/* Checking host-supplied values against their types before lowering. */
#include "component/cinternal.h"

#include <string.h>

static bool bad(comp_error *err, const char *msg) { return comp_error_set(err, 0, "%s", msg); }

static bool check(const rt_cval *v, const rt_ctype *t, comp_error *err, uint32_t depth)
{
    if (depth > CT_MAX_DEPTH)
        return bad(err, "value nested too deeply");
    if (!v || v->kind != t->kind)
        return bad(err, "value of the wrong kind");
    switch (t->kind) {
    case RT_CT_S8: return v->of.s >= INT8_MIN && v->of.s <= INT8_MAX ? true : bad(err, "s8 out of range");
    case RT_CT_U8: return v->of.u <= UINT8_MAX ? true : bad(err, "u8 out of range");
    case RT_CT_S16: return v->of.s >= INT16_MIN && v->of.s <= INT16_MAX ? true : bad(err, "s16 out of range");
    case RT_CT_U16: return v->of.u <= UINT16_MAX ? true : bad(err, "u16 out of range");
    case RT_CT_S32: return v->of.s >= INT32_MIN && v->of.s <= INT32_MAX ? true : bad(err, "s32 out of range");
    case RT_CT_U32: return v->of.u <= UINT32_MAX ? true : bad(err, "u32 out of range");
    case RT_CT_CHAR:
        return v->of.ch < 0x110000 && (v->of.ch < 0xd800 || v->of.ch > 0xdfff)
                   ? true
                   : bad(err, "char is not a Unicode scalar value");
    case RT_CT_STRING:
        return (v->of.str.data || !v->of.str.len) && !cstr_utf8_error((const uint8_t *)v->of.str.data, v->of.str.len) ? true
                                                                          : bad(err, "invalid UTF-8");
    case RT_CT_LIST: case RT_CT_FIXED_LIST: case RT_CT_RECORD: case RT_CT_TUPLE: {
        uint32_t n = v->of.seq.count;
        if (t->kind != RT_CT_LIST && n != t->count)
            return bad(err, "wrong number of elements");
        if (n && !v->of.seq.items)
            return bad(err, "missing elements");
        for (uint32_t i = 0; i < n; i++)
            if (!check(&v->of.seq.items[i], t->kind == RT_CT_LIST || t->kind == RT_CT_FIXED_LIST
                                                   ? t->elems[0] : t->elems[i], err, depth + 1))
                return false;
        return true;
    }
    case RT_CT_VARIANT: case RT_CT_ENUM: case RT_CT_OPTION: case RT_CT_RESULT: {
        uint32_t n = t->kind == RT_CT_OPTION || t->kind == RT_CT_RESULT ? 2 : t->count;
        uint32_t i = v->of.cases.index;
        if (i >= n)
            return bad(err, "case out of range");
        const rt_ctype *c = t->kind == RT_CT_ENUM ? NULL
                            : t->kind == RT_CT_OPTION ? (i ? t->elems[0] : NULL)
                                                      : t->elems[i];
        if (!c)
            return v->of.cases.payload ? bad(err, "payload given for a case without one") : true;
        return check(v->of.cases.payload, c, err, depth + 1);
    }
    case RT_CT_FLAGS:
        return t->count >= 32 || !(v->of.flags >> t->count) ? true : bad(err, "unknown flag set");
    case RT_CT_OWN: case RT_CT_BORROW:
        return v->of.handle.type == t->resource ? true : bad(err, "handle of the wrong resource type");
    default:
        return true;
    }
}

bool rt_cval_check(const rt_cval *v, const rt_ctype *t, comp_error *err)
{
    return check(v, t, err, 0);
}

bool cval_copy(comp_arena *arena, const rt_cval *v, const rt_ctype *t, rt_cval *out,
               uint32_t depth)
{
    if (depth > CT_MAX_DEPTH)
        return false;
    *out = *v;
    switch (t->kind) {
    case RT_CT_STRING: {
        if (!v->of.str.len)
            return true;
        char *s = comp_arena_strndup(arena, v->of.str.data, v->of.str.len);
        out->of.str.data = s;
        return s != NULL;
    }
    case RT_CT_LIST: case RT_CT_FIXED_LIST: case RT_CT_RECORD: case RT_CT_TUPLE: {
        uint32_t n = v->of.seq.count;
        if (!n)
            return true;
        rt_cval *items = comp_arena_array(arena, n, sizeof *items);
        if (!items)
            return false;
        for (uint32_t i = 0; i < n; i++)
            if (!cval_copy(arena, &v->of.seq.items[i],
                           t->kind == RT_CT_LIST || t->kind == RT_CT_FIXED_LIST ? t->elems[0]
                                                                                : t->elems[i],
                           &items[i], depth + 1))
                return false;
        out->of.seq.items = items;
        return true;
    }
    case RT_CT_VARIANT: case RT_CT_OPTION: case RT_CT_RESULT: {
        if (!v->of.cases.payload)
            return true;
        const rt_ctype *c = t->kind == RT_CT_OPTION ? t->elems[0] : t->elems[v->of.cases.index];
        rt_cval *p = comp_arena_alloc(arena, sizeof *p);
        if (!p || !c || !cval_copy(arena, v->of.cases.payload, c, p, depth + 1))
            return false;
        out->of.cases.payload = p;
        return true;
    }
    default:
        return true;
    }
}
