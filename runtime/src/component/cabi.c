/* Lifting and lowering values (CanonicalABI.md "Loading", "Storing",
 * "Flat Lifting", "Flat Lowering") between core values / linear memory and
 * the rt_cval tree. Recursion follows the type, whose depth is bounded. */
#include "component/cinternal.h"
#include "async/async_internal.h"

#include <string.h>

static uint32_t align_up(uint32_t x, uint32_t a) { return (x + a - 1) / a * a; }

bool mem_check(ccx *cx, uint64_t ptr, uint64_t len, const char *what)
{
    if (ptr + len > rt_memory_size(cx->opts->memory))
        return ctrap(cx->trap, "%s", what);
    return true;
}

bool call_realloc(ccx *cx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                  uint32_t new_size, const char *oob, uint32_t *out)
{
    if (!cx->opts->realloc)
        return ctrap(cx->trap, "no realloc function");
    rt_val args[4] = {rt_val_i32(old_ptr), rt_val_i32(old_size), rt_val_i32(align),
                      rt_val_i32(new_size)};
    rt_val r;
    if (!rt_call(cx->opts->realloc, args, 4, &r, 1, cx->trap))
        return false;
    uint32_t ptr = r.of.i32;
    if (ptr % align)
        return ctrap(cx->trap, "%s", cx->fused ? "unaligned pointer" : "realloc return: result not aligned");
    if ((uint64_t)ptr + new_size > rt_memory_size(cx->opts->memory))
        return ctrap(cx->trap, "%s", cx->fused ? oob : "realloc return: beyond end of memory");
    *out = ptr;
    return true;
}

static uint64_t load_int(ccx *cx, uint64_t ptr, uint32_t n)
{
    const uint8_t *p = rt_memory_data(cx->opts->memory) + ptr;
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void store_int(ccx *cx, uint64_t ptr, uint64_t v, uint32_t n)
{
    uint8_t *p = rt_memory_data(cx->opts->memory) + ptr;
    for (uint32_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static bool oom(ccx *cx) { return ctrap(cx->trap, "out of memory"); }

/* ---- handles ----------------------------------------------------------------- */

static bool lift_handle(ccx *cx, uint32_t i, const rt_ctype *t, rt_cval *out)
{
    chandle *h = ctable_get(&cx->inst->table, i, cx->trap);
    if (!h)
        return false;
    if (h->type != t->resource)
        return ctrap_wrong_handle(cx->trap, i, t->resource, h->type);
    out->kind = t->kind;
    out->of.handle = (rt_handle){h->type, h->rep};
    if (t->kind == RT_CT_OWN) {
        if (h->lends)
            return ctrap(cx->trap, "cannot remove owned resource while borrowed");
        if (!h->own)
            return ctrap(cx->trap, "cannot lift own handle from a borrow");
        ctable_remove(&cx->inst->table, i);
        return true;
    }
    if (h->own) {
        if (cx->lent_count == cx->lent_cap) {
            uint32_t cap = cx->lent_cap ? cx->lent_cap * 2 : 8;
            uint32_t *p = comp_arena_array(cx->arena, cap, sizeof *p);
            if (!p)
                return oom(cx);
            if (cx->lent_count)
                memcpy(p, cx->lent, cx->lent_count * sizeof *p);
            cx->lent = p, cx->lent_cap = cap;
        }
        /* Kept by index: table growth may move the entries. */
        h->lends++;
        cx->lent[cx->lent_count++] = i;
    }
    return true;
}

static bool lower_handle(ccx *cx, const rt_cval *v, const rt_ctype *t, uint32_t *out)
{
    if (v->of.handle.type != t->resource)
        return ctrap(cx->trap, "resource type mismatch");
    if (t->kind == RT_CT_BORROW && v->of.handle.type->impl == cx->inst) {
        *out = v->of.handle.rep;
        return true;
    }
    chandle h = {.used = true, .own = t->kind == RT_CT_OWN, .type = t->resource,
                 .rep = v->of.handle.rep};
    if (!h.own) {
        if (!cx->task)
            return ctrap(cx->trap, "borrow outside a call");
        h.scope = cx->task;
        cx->task->borrows++;
    }
    return ctable_add(&cx->inst->table, h, out, cx->trap);
}

/* ---- scalars ------------------------------------------------------------------ */

static uint32_t canon_f32(uint32_t b)
{
    return ((b & 0x7f800000u) == 0x7f800000u && (b & 0x7fffffu)) ? 0x7fc00000u : b;
}
static uint64_t canon_f64(uint64_t b)
{
    return ((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0xfffffffffffffull))
               ? 0x7ff8000000000000ull
               : b;
}

/* A scalar from its integer bits (the low `bits` of x). */
bool lift_scalar(ccx *cx, const rt_ctype *t, uint64_t x, rt_cval *out)
{
    out->kind = t->kind;
    switch (t->kind) {
    case RT_CT_BOOL: out->of.b = (uint32_t)x != 0; return true;
    case RT_CT_S8: out->of.s = (int8_t)x; return true;
    case RT_CT_U8: out->of.u = (uint8_t)x; return true;
    case RT_CT_S16: out->of.s = (int16_t)x; return true;
    case RT_CT_U16: out->of.u = (uint16_t)x; return true;
    case RT_CT_S32: out->of.s = (int32_t)x; return true;
    case RT_CT_U32: out->of.u = (uint32_t)x; return true;
    case RT_CT_S64: out->of.s = (int64_t)x; return true;
    case RT_CT_U64: out->of.u = x; return true;
    case RT_CT_F32: out->of.f32 = canon_f32((uint32_t)x); return true;
    case RT_CT_F64: out->of.f64 = canon_f64(x); return true;
    case RT_CT_CHAR: {
        uint32_t c = (uint32_t)x;
        if (c >= 0x110000 || (c >= 0xd800 && c <= 0xdfff))
            return ctrap(cx->trap, "invalid `char` bit pattern");
        out->of.ch = c;
        return true;
    }
    }
    return false;
}

uint64_t scalar_bits(const rt_cval *v)
{
    switch (v->kind) {
    case RT_CT_BOOL: return v->of.b ? 1 : 0;
    case RT_CT_S8: case RT_CT_S16: case RT_CT_S32: case RT_CT_S64: return (uint64_t)v->of.s;
    case RT_CT_F32: return canon_f32(v->of.f32);
    case RT_CT_F64: return canon_f64(v->of.f64);
    case RT_CT_CHAR: return v->of.ch;
    default: return v->of.u;
    }
}

static bool alloc_seq(ccx *cx, rt_cval *out, uint8_t kind, uint32_t n)
{
    out->kind = kind;
    out->of.seq.count = n;
    out->of.seq.items = comp_arena_array(cx->arena, n ? n : 1, sizeof(rt_cval));
    return out->of.seq.items ? true : oom(cx);
}

static bool alloc_payload(ccx *cx, rt_cval *out, uint8_t kind, uint32_t index, bool has)
{
    out->kind = kind;
    out->of.cases.index = index;
    out->of.cases.payload = NULL;
    if (has && !(out->of.cases.payload = comp_arena_alloc(cx->arena, sizeof(rt_cval))))
        return oom(cx);
    return true;
}

/* The payload type of case `i` of a variant-like type. */
static const rt_ctype *case_type(const rt_ctype *t, uint32_t i)
{
    switch (t->kind) {
    case RT_CT_OPTION: return i == 1 ? t->elems[0] : NULL;
    case RT_CT_RESULT: return t->elems[i];
    case RT_CT_VARIANT: return t->elems[i];
    default: return NULL;
    }
}

static uint32_t case_count(const rt_ctype *t)
{
    return t->kind == RT_CT_OPTION || t->kind == RT_CT_RESULT ? 2 : t->count;
}

static uint32_t max_case_align(const rt_ctype *t)
{
    uint32_t a = 1;
    for (uint32_t i = 0; i < case_count(t); i++) {
        const rt_ctype *c = case_type(t, i);
        if (c && c->align > a)
            a = c->align;
    }
    return a;
}

/* ---- loading -------------------------------------------------------------------- */

static bool load_list(ccx *cx, uint32_t begin, uint32_t len, const rt_ctype *elem, rt_cval *out,
                      uint8_t kind, uint32_t depth)
{
    if (begin % elem->align)
        return ctrap(cx->trap, "unaligned pointer");
    if (!mem_check(cx, begin, (uint64_t)len * elem->size, "list content out-of-bounds"))
        return false;
    if (!alloc_seq(cx, out, kind, len))
        return false;
    for (uint32_t i = 0; i < len; i++)
        if (!load_val(cx, begin + (uint64_t)i * elem->size, elem, &out->of.seq.items[i], depth + 1))
            return false;
    return true;
}

bool load_val(ccx *cx, uint64_t ptr, const rt_ctype *t, rt_cval *out, uint32_t depth)
{
    if (depth > CT_MAX_DEPTH)
        return ctrap(cx->trap, "value nested too deeply");
    switch (t->kind) {
    case RT_CT_STRING:
        return string_load(cx, (uint32_t)load_int(cx, ptr, 4), (uint32_t)load_int(cx, ptr + 4, 4),
                           out);
    case RT_CT_LIST:
        return load_list(cx, (uint32_t)load_int(cx, ptr, 4), (uint32_t)load_int(cx, ptr + 4, 4),
                         t->elems[0], out, RT_CT_LIST, depth);
    case RT_CT_FIXED_LIST:
        return load_list(cx, (uint32_t)ptr, t->count, t->elems[0], out, RT_CT_FIXED_LIST, depth);
    case RT_CT_RECORD: case RT_CT_TUPLE: {
        if (!alloc_seq(cx, out, t->kind, t->count))
            return false;
        uint32_t off = (uint32_t)ptr;
        for (uint32_t i = 0; i < t->count; i++) {
            off = align_up(off, t->elems[i]->align);
            if (!load_val(cx, off, t->elems[i], &out->of.seq.items[i], depth + 1))
                return false;
            off += t->elems[i]->size;
        }
        return true;
    }
    case RT_CT_VARIANT: case RT_CT_OPTION: case RT_CT_RESULT: case RT_CT_ENUM: {
        uint32_t n = case_count(t), d = discriminant_size(n);
        uint32_t index = (uint32_t)load_int(cx, ptr, d);
        if (index >= n)
            return ctrap(cx->trap, "invalid variant discriminant");
        const rt_ctype *c = case_type(t, index);
        if (!alloc_payload(cx, out, t->kind, index, c != NULL))
            return false;
        return !c || load_val(cx, align_up((uint32_t)ptr + d, max_case_align(t)), c,
                              out->of.cases.payload, depth + 1);
    }
    case RT_CT_FLAGS: {
        uint32_t bits = (uint32_t)load_int(cx, ptr, flags_bytes(t->count));
        out->kind = RT_CT_FLAGS;
        out->of.flags = t->count >= 32 ? bits : bits & ((1u << t->count) - 1);
        return true;
    }
    case RT_CT_OWN: case RT_CT_BORROW:
        return lift_handle(cx, (uint32_t)load_int(cx, ptr, 4), t, out);
    case RT_CT_STREAM: case RT_CT_FUTURE: case RT_CT_ERROR_CONTEXT:
        return async_lift_value(cx, (uint32_t)load_int(cx, ptr, 4), t, out);
    default:
        return lift_scalar(cx, t, load_int(cx, ptr, t->size), out);
    }
}

/* ---- flat lifting ------------------------------------------------------------------ */

/* Reads the next flat value as `want`, undoing the variant join
 * (CanonicalABI.md "CoerceValueIter"). */
static uint64_t next_flat(const rt_val *flat, uint32_t *pos, uint8_t want)
{
    rt_val v = flat[(*pos)++];
    uint64_t x = v.kind == RT_I64 ? v.of.i64 : v.kind == RT_F64 ? v.of.f64 : v.of.i32;
    if (want == RT_I32 && v.kind == RT_I64)
        return (uint32_t)x;
    if (want == RT_F32 && v.kind != RT_F32)
        return (uint32_t)x;
    return x;
}

bool lift_flat(ccx *cx, const rt_val *flat, uint32_t n, uint32_t *pos, const rt_ctype *t,
               rt_cval *out, uint32_t depth)
{
    if (depth > CT_MAX_DEPTH)
        return ctrap(cx->trap, "value nested too deeply");
    if (*pos + t->flat_count > n)
        return ctrap(cx->trap, "too few core values");
    switch (t->kind) {
    case RT_CT_STRING: {
        uint32_t p = (uint32_t)next_flat(flat, pos, RT_I32);
        uint32_t l = (uint32_t)next_flat(flat, pos, RT_I32);
        return string_load(cx, p, l, out);
    }
    case RT_CT_LIST: {
        uint32_t p = (uint32_t)next_flat(flat, pos, RT_I32);
        uint32_t l = (uint32_t)next_flat(flat, pos, RT_I32);
        return load_list(cx, p, l, t->elems[0], out, RT_CT_LIST, depth);
    }
    case RT_CT_FIXED_LIST: case RT_CT_RECORD: case RT_CT_TUPLE: {
        uint32_t count = t->count;
        if (!alloc_seq(cx, out, t->kind, count))
            return false;
        for (uint32_t i = 0; i < count; i++) {
            const rt_ctype *e = t->kind == RT_CT_FIXED_LIST ? t->elems[0] : t->elems[i];
            if (!lift_flat(cx, flat, n, pos, e, &out->of.seq.items[i], depth + 1))
                return false;
        }
        return true;
    }
    case RT_CT_VARIANT: case RT_CT_OPTION: case RT_CT_RESULT: case RT_CT_ENUM: {
        uint32_t nc = case_count(t);
        uint32_t index = (uint32_t)next_flat(flat, pos, RT_I32);
        if (index >= nc)
            return ctrap(cx->trap, "invalid variant discriminant");
        const rt_ctype *c = case_type(t, index);
        uint32_t end = *pos + t->flat_count - 1;
        if (!alloc_payload(cx, out, t->kind, index, c != NULL))
            return false;
        if (c) {
            /* The payload's own flat types, reading joined slots. */
            rt_val tmp[CT_MAX_FLAT];
            uint32_t k = c->flat_count;
            for (uint32_t j = 0; j < k; j++) {
                uint64_t x = next_flat(flat, pos, c->flat[j]);
                tmp[j].kind = c->flat[j];
                if (c->flat[j] == RT_I64)
                    tmp[j].of.i64 = x;
                else if (c->flat[j] == RT_F64)
                    tmp[j].of.f64 = x;
                else if (c->flat[j] == RT_F32)
                    tmp[j].of.f32 = (uint32_t)x;
                else
                    tmp[j].of.i32 = (uint32_t)x;
            }
            uint32_t p2 = 0;
            if (!lift_flat(cx, tmp, k, &p2, c, out->of.cases.payload, depth + 1))
                return false;
        }
        *pos = end;
        return true;
    }
    case RT_CT_FLAGS: {
        uint32_t bits = (uint32_t)next_flat(flat, pos, RT_I32);
        out->kind = RT_CT_FLAGS;
        out->of.flags = t->count >= 32 ? bits : bits & ((1u << t->count) - 1);
        return true;
    }
    case RT_CT_OWN: case RT_CT_BORROW:
        return lift_handle(cx, (uint32_t)next_flat(flat, pos, RT_I32), t, out);
    case RT_CT_STREAM: case RT_CT_FUTURE: case RT_CT_ERROR_CONTEXT:
        return async_lift_value(cx, (uint32_t)next_flat(flat, pos, RT_I32), t, out);
    default:
        return lift_scalar(cx, t, next_flat(flat, pos, t->flat[0]), out);
    }
}

/* ---- storing ------------------------------------------------------------------------ */

static bool store_list(ccx *cx, const rt_cval *v, const rt_ctype *elem, uint32_t *ptr,
                       uint32_t depth)
{
    uint64_t bytes = (uint64_t)v->of.seq.count * elem->size;
    if (bytes > CT_MAX_LIST)
        return ctrap(cx->trap, "list too large");
    if (!call_realloc(cx, 0, 0, elem->align, (uint32_t)bytes, "list content out-of-bounds", ptr))
        return false;
    for (uint32_t i = 0; i < v->of.seq.count; i++)
        if (!store_val(cx, &v->of.seq.items[i], elem, *ptr + (uint64_t)i * elem->size, depth + 1))
            return false;
    return true;
}

bool store_val(ccx *cx, const rt_cval *v, const rt_ctype *t, uint64_t ptr, uint32_t depth)
{
    if (depth > CT_MAX_DEPTH)
        return ctrap(cx->trap, "value nested too deeply");
    switch (t->kind) {
    case RT_CT_STRING: {
        uint32_t p, l;
        if (!string_store(cx, v, &p, &l))
            return false;
        store_int(cx, ptr, p, 4), store_int(cx, ptr + 4, l, 4);
        return true;
    }
    case RT_CT_LIST: {
        uint32_t p;
        if (!store_list(cx, v, t->elems[0], &p, depth))
            return false;
        store_int(cx, ptr, p, 4), store_int(cx, ptr + 4, v->of.seq.count, 4);
        return true;
    }
    case RT_CT_FIXED_LIST:
        for (uint32_t i = 0; i < t->count; i++)
            if (!store_val(cx, &v->of.seq.items[i], t->elems[0], ptr + (uint64_t)i * t->elems[0]->size,
                           depth + 1))
                return false;
        return true;
    case RT_CT_RECORD: case RT_CT_TUPLE: {
        uint32_t off = (uint32_t)ptr;
        for (uint32_t i = 0; i < t->count; i++) {
            off = align_up(off, t->elems[i]->align);
            if (!store_val(cx, &v->of.seq.items[i], t->elems[i], off, depth + 1))
                return false;
            off += t->elems[i]->size;
        }
        return true;
    }
    case RT_CT_VARIANT: case RT_CT_OPTION: case RT_CT_RESULT: case RT_CT_ENUM: {
        uint32_t d = discriminant_size(case_count(t));
        store_int(cx, ptr, v->of.cases.index, d);
        const rt_ctype *c = case_type(t, v->of.cases.index);
        return !c || store_val(cx, v->of.cases.payload, c, align_up((uint32_t)ptr + d, max_case_align(t)),
                               depth + 1);
    }
    case RT_CT_FLAGS:
        store_int(cx, ptr, v->of.flags, flags_bytes(t->count));
        return true;
    case RT_CT_OWN: case RT_CT_BORROW: {
        uint32_t h;
        if (!lower_handle(cx, v, t, &h))
            return false;
        store_int(cx, ptr, h, 4);
        return true;
    }
    case RT_CT_STREAM: case RT_CT_FUTURE: case RT_CT_ERROR_CONTEXT: {
        uint32_t h;
        if (!async_lower_value(cx, v, t, &h))
            return false;
        store_int(cx, ptr, h, 4);
        return true;
    }
    default:
        store_int(cx, ptr, scalar_bits(v), t->size);
        return true;
    }
}

/* ---- flat lowering -------------------------------------------------------------------- */

static void put_flat(rt_val *flat, uint32_t *pos, uint8_t kind, uint64_t x)
{
    rt_val v = {.kind = kind};
    if (kind == RT_I64)
        v.of.i64 = x;
    else if (kind == RT_F64)
        v.of.f64 = x;
    else if (kind == RT_F32)
        v.of.f32 = (uint32_t)x;
    else
        v.of.i32 = (uint32_t)x;
    flat[(*pos)++] = v;
}

bool lower_flat(ccx *cx, const rt_cval *v, const rt_ctype *t, rt_val *flat, uint32_t *pos,
                uint32_t depth)
{
    if (depth > CT_MAX_DEPTH)
        return ctrap(cx->trap, "value nested too deeply");
    switch (t->kind) {
    case RT_CT_STRING: {
        uint32_t p, l;
        if (!string_store(cx, v, &p, &l))
            return false;
        put_flat(flat, pos, RT_I32, p), put_flat(flat, pos, RT_I32, l);
        return true;
    }
    case RT_CT_LIST: {
        uint32_t p;
        if (!store_list(cx, v, t->elems[0], &p, depth))
            return false;
        put_flat(flat, pos, RT_I32, p), put_flat(flat, pos, RT_I32, v->of.seq.count);
        return true;
    }
    case RT_CT_FIXED_LIST: case RT_CT_RECORD: case RT_CT_TUPLE:
        for (uint32_t i = 0; i < t->count; i++)
            if (!lower_flat(cx, &v->of.seq.items[i],
                            t->kind == RT_CT_FIXED_LIST ? t->elems[0] : t->elems[i], flat, pos,
                            depth + 1))
                return false;
        return true;
    case RT_CT_VARIANT: case RT_CT_OPTION: case RT_CT_RESULT: case RT_CT_ENUM: {
        uint32_t start = *pos;
        put_flat(flat, pos, RT_I32, v->of.cases.index);
        const rt_ctype *c = case_type(t, v->of.cases.index);
        if (c) {
            rt_val tmp[CT_MAX_FLAT];
            uint32_t k = 0;
            if (!lower_flat(cx, v->of.cases.payload, c, tmp, &k, depth + 1))
                return false;
            /* Widen each payload value to the joined slot type. */
            for (uint32_t j = 0; j < k; j++) {
                uint8_t want = t->flat[1 + j];
                uint64_t x = tmp[j].kind == RT_I64 ? tmp[j].of.i64
                             : tmp[j].kind == RT_F64 ? tmp[j].of.f64
                             : tmp[j].kind == RT_F32 ? tmp[j].of.f32
                                                     : tmp[j].of.i32;
                put_flat(flat, pos, want, x);
            }
        }
        while (*pos < start + t->flat_count)
            put_flat(flat, pos, t->flat[*pos - start], 0);
        return true;
    }
    case RT_CT_FLAGS:
        put_flat(flat, pos, RT_I32, v->of.flags);
        return true;
    case RT_CT_OWN: case RT_CT_BORROW: {
        uint32_t h;
        if (!lower_handle(cx, v, t, &h))
            return false;
        put_flat(flat, pos, RT_I32, h);
        return true;
    }
    case RT_CT_STREAM: case RT_CT_FUTURE: case RT_CT_ERROR_CONTEXT: {
        uint32_t h;
        if (!async_lower_value(cx, v, t, &h))
            return false;
        put_flat(flat, pos, RT_I32, h);
        return true;
    }
    default:
        put_flat(flat, pos, t->flat[0], scalar_bits(v));
        return true;
    }
}
