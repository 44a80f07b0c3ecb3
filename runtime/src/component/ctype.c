/* Component value types: accessors, host-side constructors and the
 * canonical ABI facts (alignment, size, flattening) of CanonicalABI.md,
 * computed once per type when it is made. */
#include "component/cinternal.h"

#include <string.h>

static const rt_ctype prim_types[RT_CT_STRING + 1] = {
    [RT_CT_BOOL] = {.kind = RT_CT_BOOL, .size = 1, .align = 1, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_S8] = {.kind = RT_CT_S8, .size = 1, .align = 1, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_U8] = {.kind = RT_CT_U8, .size = 1, .align = 1, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_S16] = {.kind = RT_CT_S16, .size = 2, .align = 2, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_U16] = {.kind = RT_CT_U16, .size = 2, .align = 2, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_S32] = {.kind = RT_CT_S32, .size = 4, .align = 4, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_U32] = {.kind = RT_CT_U32, .size = 4, .align = 4, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_S64] = {.kind = RT_CT_S64, .size = 8, .align = 8, .flat_count = 1, .flat = {RT_I64}},
    [RT_CT_U64] = {.kind = RT_CT_U64, .size = 8, .align = 8, .flat_count = 1, .flat = {RT_I64}},
    [RT_CT_F32] = {.kind = RT_CT_F32, .size = 4, .align = 4, .flat_count = 1, .flat = {RT_F32}},
    [RT_CT_F64] = {.kind = RT_CT_F64, .size = 8, .align = 8, .flat_count = 1, .flat = {RT_F64}},
    [RT_CT_CHAR] = {.kind = RT_CT_CHAR, .size = 4, .align = 4, .flat_count = 1, .flat = {RT_I32}},
    [RT_CT_STRING] = {.kind = RT_CT_STRING, .size = 8, .align = 4, .flat_count = 2,
                      .flat = {RT_I32, RT_I32}},
};

static const rt_ctype error_context_type = {
    .kind = RT_CT_ERROR_CONTEXT, .size = 4, .align = 4, .flat_count = 1, .flat = {RT_I32}, .depth = 1};

const rt_ctype *ctype_error_context(void) { return &error_context_type; }

const rt_ctype *rt_ctype_prim(rt_ctype_kind kind)
{
    if (kind == RT_CT_ERROR_CONTEXT)
        return &error_context_type;
    if (kind < RT_CT_BOOL || kind > RT_CT_STRING)
        return NULL;
    return &prim_types[kind];
}

rt_ctype_kind rt_ctype_kind_of(const rt_ctype *t) { return (rt_ctype_kind)t->kind; }

uint32_t rt_ctype_count(const rt_ctype *t)
{
    switch (t->kind) {
    case RT_CT_FIXED_LIST: case RT_CT_RECORD: case RT_CT_TUPLE: case RT_CT_VARIANT:
    case RT_CT_ENUM: case RT_CT_FLAGS:
        return t->count;
    default:
        return 0;
    }
}

comp_str rt_ctype_label(const rt_ctype *t, uint32_t i)
{
    comp_str none = {"", 0};
    if (!t->labels || i >= t->count)
        return none;
    return t->labels[i];
}

uint32_t rt_ctype_find_label(const rt_ctype *t, comp_str label)
{
    if (!t->labels)
        return UINT32_MAX;
    for (uint32_t i = 0; i < t->count; i++)
        if (t->labels[i].len == label.len && memcmp(t->labels[i].data, label.data, label.len) == 0)
            return i;
    return UINT32_MAX;
}

const rt_ctype *rt_ctype_elem(const rt_ctype *t, uint32_t i)
{
    switch (t->kind) {
    case RT_CT_LIST: case RT_CT_FIXED_LIST: case RT_CT_OPTION:
        return i == 0 ? t->elems[0] : NULL;
    case RT_CT_STREAM: case RT_CT_FUTURE: /* elems always holds one entry */
        return i == 0 ? t->elems[0] : NULL;
    case RT_CT_RESULT:
        return i < 2 ? t->elems[i] : NULL;
    case RT_CT_RECORD: case RT_CT_TUPLE: case RT_CT_VARIANT:
        return i < t->count ? t->elems[i] : NULL;
    default:
        return NULL;
    }
}

rt_resource_type *rt_ctype_resource(const rt_ctype *t)
{
    return t->kind == RT_CT_OWN || t->kind == RT_CT_BORROW ? t->resource : NULL;
}

bool rt_ctype_is_map(const rt_ctype *t) { return t && t->map; }

bool rt_ctype_equal(const rt_ctype *a, const rt_ctype *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind || a->count != b->count || a->resource != b->resource ||
        a->map != b->map)
        return false;
    if (a->kind <= RT_CT_STRING)
        return true;
    for (uint32_t i = 0; a->labels && i < a->count; i++)
        if (a->labels[i].len != b->labels[i].len ||
            memcmp(a->labels[i].data, b->labels[i].data, a->labels[i].len) != 0)
            return false;
    uint32_t n = a->kind == RT_CT_RESULT ? 2
                 : (a->kind == RT_CT_LIST || a->kind == RT_CT_FIXED_LIST || a->kind == RT_CT_OPTION ||
                    a->kind == RT_CT_STREAM || a->kind == RT_CT_FUTURE)
                     ? 1
                 : (a->kind == RT_CT_ENUM || a->kind == RT_CT_FLAGS || a->kind == RT_CT_OWN ||
                    a->kind == RT_CT_BORROW || a->kind == RT_CT_ERROR_CONTEXT)
                     ? 0
                     : a->count;
    for (uint32_t i = 0; i < n; i++)
        if (!rt_ctype_equal(a->elems[i], b->elems[i]))
            return false;
    return true;
}

/* ---- ABI facts -------------------------------------------------------------- */

static uint32_t align_to(uint32_t x, uint32_t a) { return (x + a - 1) / a * a; }

uint32_t discriminant_size(uint32_t cases)
{
    return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
}

uint32_t flags_bytes(uint32_t n) { return n <= 8 ? 1 : n <= 16 ? 2 : 4; }

uint32_t ctype_size(const rt_ctype *t) { return t->size; }
uint32_t ctype_align(const rt_ctype *t) { return t->align; }

static void flat_push(rt_ctype *t, uint8_t k)
{
    if (t->flat_count < CT_MAX_FLAT)
        t->flat[t->flat_count] = k;
    if (t->flat_count < CT_MAX_FLAT)
        t->flat_count++;
}

static void flat_append(rt_ctype *t, const rt_ctype *e)
{
    for (uint32_t i = 0; i < e->flat_count; i++)
        flat_push(t, i < CT_MAX_FLAT ? e->flat[i] : RT_I32);
    if (e->flat_count >= CT_MAX_FLAT)
        t->flat_count = CT_MAX_FLAT;
}

static uint8_t flat_join(uint8_t a, uint8_t b)
{
    if (a == b)
        return a;
    if ((a == RT_I32 && b == RT_F32) || (a == RT_F32 && b == RT_I32))
        return RT_I32;
    return RT_I64;
}

/* Variants: discriminant, then the cases' flattenings joined slot by slot. */
static void finish_variant(rt_ctype *t, const rt_ctype *const *cases, uint32_t n)
{
    uint32_t max_align = 1, max_size = 0, depth = 0;
    t->flat_count = 0;
    flat_push(t, RT_I32);
    for (uint32_t i = 0; i < n; i++) {
        const rt_ctype *c = cases[i];
        if (!c)
            continue;
        if (c->align > max_align)
            max_align = c->align;
        if (c->size > max_size)
            max_size = c->size;
        if (c->depth > depth)
            depth = c->depth;
        for (uint32_t j = 0; j < c->flat_count && j < CT_MAX_FLAT; j++) {
            if (1 + j < t->flat_count)
                t->flat[1 + j] = flat_join(t->flat[1 + j], c->flat[j]);
            else
                flat_push(t, c->flat[j]);
        }
        if (c->flat_count >= CT_MAX_FLAT)
            t->flat_count = CT_MAX_FLAT;
    }
    uint32_t d = discriminant_size(n);
    t->align = d > max_align ? d : max_align;
    t->size = align_to(align_to(d, max_align) + max_size, t->align);
    t->depth = depth + 1;
}

bool ctype_finish(rt_ctype *t)
{
    uint64_t size = 0;
    uint32_t depth = 0;
    t->flat_count = 0;
    switch (t->kind) {
    case RT_CT_LIST:
        t->size = 8, t->align = 4;
        flat_push(t, RT_I32), flat_push(t, RT_I32);
        depth = t->elems[0]->depth;
        break;
    case RT_CT_FIXED_LIST: {
        const rt_ctype *e = t->elems[0];
        size = (uint64_t)e->size * t->count;
        if (size > UINT32_MAX / 2)
            return false;
        t->size = (uint32_t)size, t->align = e->align;
        for (uint32_t i = 0; i < t->count && t->flat_count < CT_MAX_FLAT; i++)
            flat_append(t, e);
        depth = e->depth;
        break;
    }
    case RT_CT_RECORD: case RT_CT_TUPLE: {
        uint32_t a = 1;
        for (uint32_t i = 0; i < t->count; i++) {
            const rt_ctype *e = t->elems[i];
            size = align_to((uint32_t)size, e->align) + (uint64_t)e->size;
            if (size > UINT32_MAX / 2)
                return false;
            if (e->align > a)
                a = e->align;
            if (e->depth > depth)
                depth = e->depth;
            flat_append(t, e);
        }
        t->align = a, t->size = align_to((uint32_t)size, a);
        break;
    }
    case RT_CT_VARIANT:
        finish_variant(t, t->elems, t->count);
        return t->depth <= CT_MAX_DEPTH;
    case RT_CT_OPTION: {
        const rt_ctype *cases[2] = {NULL, t->elems[0]};
        finish_variant(t, cases, 2);
        return t->depth <= CT_MAX_DEPTH;
    }
    case RT_CT_RESULT:
        finish_variant(t, t->elems, 2);
        return t->depth <= CT_MAX_DEPTH;
    case RT_CT_ENUM:
        t->size = t->align = discriminant_size(t->count);
        flat_push(t, RT_I32);
        break;
    case RT_CT_FLAGS:
        t->size = t->align = flags_bytes(t->count);
        flat_push(t, RT_I32);
        break;
    case RT_CT_OWN: case RT_CT_BORROW: case RT_CT_STREAM: case RT_CT_FUTURE:
    case RT_CT_ERROR_CONTEXT:
        t->size = t->align = 4;
        flat_push(t, RT_I32);
        break;
    default:
        return false;
    }
    t->depth = depth + 1;
    return t->depth <= CT_MAX_DEPTH;
}

/* ---- constructors ------------------------------------------------------------ */

static rt_ctype *ct_new(comp_arena *a, uint8_t kind, uint32_t count, uint32_t nelems)
{
    rt_ctype *t = comp_arena_alloc(a, sizeof *t);
    if (!t)
        return NULL;
    t->kind = kind;
    t->count = count;
    if (nelems) {
        t->elems = comp_arena_array(a, nelems, sizeof *t->elems);
        if (!t->elems)
            return NULL;
    }
    return t;
}

static const rt_ctype *ct_done(rt_ctype *t) { return t && ctype_finish(t) ? t : NULL; }

const rt_ctype *rt_ctype_list(comp_arena *arena, const rt_ctype *elem)
{
    rt_ctype *t = elem ? ct_new(arena, RT_CT_LIST, 0, 1) : NULL;
    if (!t)
        return NULL;
    t->elems[0] = elem;
    return ct_done(t);
}

const rt_ctype *rt_ctype_fixed_list(comp_arena *arena, const rt_ctype *elem, uint32_t length)
{
    rt_ctype *t = elem && length ? ct_new(arena, RT_CT_FIXED_LIST, length, 1) : NULL;
    if (!t)
        return NULL;
    t->elems[0] = elem;
    return ct_done(t);
}

const rt_ctype *rt_ctype_option(comp_arena *arena, const rt_ctype *elem)
{
    rt_ctype *t = elem ? ct_new(arena, RT_CT_OPTION, 0, 1) : NULL;
    if (!t)
        return NULL;
    t->elems[0] = elem;
    return ct_done(t);
}

const rt_ctype *rt_ctype_result(comp_arena *arena, const rt_ctype *ok, const rt_ctype *err)
{
    rt_ctype *t = ct_new(arena, RT_CT_RESULT, 0, 2);
    if (!t)
        return NULL;
    t->elems[0] = ok, t->elems[1] = err;
    return ct_done(t);
}

const rt_ctype *rt_ctype_tuple(comp_arena *arena, uint32_t count, const rt_ctype *const *types)
{
    rt_ctype *t = ct_new(arena, RT_CT_TUPLE, count, count ? count : 1);
    if (!t)
        return NULL;
    for (uint32_t i = 0; i < count; i++) {
        if (!types[i])
            return NULL;
        t->elems[i] = types[i];
    }
    return ct_done(t);
}

const rt_ctype *rt_ctype_labeled(comp_arena *arena, rt_ctype_kind kind, uint32_t count,
                                 const char *const *labels, const rt_ctype *const *types)
{
    if (kind != RT_CT_RECORD && kind != RT_CT_VARIANT && kind != RT_CT_ENUM && kind != RT_CT_FLAGS)
        return NULL;
    if (count == 0 || (kind == RT_CT_FLAGS && count > 32))
        return NULL;
    rt_ctype *t = ct_new(arena, kind, count, count);
    if (!t)
        return NULL;
    t->labels = comp_arena_array(arena, count, sizeof *t->labels);
    if (!t->labels)
        return NULL;
    for (uint32_t i = 0; i < count; i++) {
        size_t n = strlen(labels[i]);
        char *copy = comp_arena_strndup(arena, labels[i], n);
        if (!copy)
            return NULL;
        t->labels[i] = (comp_str){copy, (uint32_t)n};
        if (kind == RT_CT_RECORD && (!types || !types[i]))
            return NULL;
        if (kind == RT_CT_RECORD || kind == RT_CT_VARIANT)
            t->elems[i] = types ? types[i] : NULL;
    }
    return ct_done(t);
}

const rt_ctype *rt_ctype_handle(comp_arena *arena, rt_ctype_kind kind, rt_resource_type *r)
{
    if ((kind != RT_CT_OWN && kind != RT_CT_BORROW) || !r)
        return NULL;
    rt_ctype *t = ct_new(arena, kind, 0, 0);
    if (!t)
        return NULL;
    t->resource = r;
    return ct_done(t);
}

/* ---- function types ------------------------------------------------------------ */

uint32_t rt_cfunctype_param_count(const rt_cfunctype *ft) { return ft->param_count; }
comp_str rt_cfunctype_param_name(const rt_cfunctype *ft, uint32_t i)
{
    comp_str none = {"", 0};
    return i < ft->param_count ? ft->names[i] : none;
}
const rt_ctype *rt_cfunctype_param(const rt_cfunctype *ft, uint32_t i)
{
    return i < ft->param_count ? ft->params[i] : NULL;
}
const rt_ctype *rt_cfunctype_result(const rt_cfunctype *ft) { return ft->result; }

const rt_cfunctype *rt_cfunctype_new(comp_arena *arena, uint32_t param_count,
                                     const char *const *param_names,
                                     const rt_ctype *const *param_types,
                                     const rt_ctype *result)
{
    rt_cfunctype *ft = comp_arena_alloc(arena, sizeof *ft);
    if (!ft)
        return NULL;
    ft->param_count = param_count;
    ft->names = comp_arena_array(arena, param_count ? param_count : 1, sizeof *ft->names);
    ft->params = comp_arena_array(arena, param_count ? param_count : 1, sizeof *ft->params);
    if (!ft->names || !ft->params)
        return NULL;
    for (uint32_t i = 0; i < param_count; i++) {
        size_t n = strlen(param_names[i]);
        char *copy = comp_arena_strndup(arena, param_names[i], n);
        if (!copy || !param_types[i])
            return NULL;
        ft->names[i] = (comp_str){copy, (uint32_t)n};
        ft->params[i] = param_types[i];
    }
    ft->result = result;
    return ft;
}

/* flatten_functype: `lower` is the canon lower direction (results spill to
 * a caller-supplied pointer parameter), else lift (results spill to a
 * returned pointer). */
bool cfunctype_flatten(const rt_cfunctype *ft, bool lower, comp_functype *out,
                       comp_arena *arena)
{
    return cfunctype_flatten_async(ft, lower, false, out, arena);
}

/* With `async` (lower only): at most 4 flat parameters, the result always
 * through a pointer parameter, and one i32 result (the subtask status). */
bool cfunctype_flatten_async(const rt_cfunctype *ft, bool lower, bool async, comp_functype *out,
                             comp_arena *arena)
{
    uint32_t max_params = async ? 4 : CT_MAX_FLAT_PARAMS;
    uint8_t params[CT_MAX_FLAT + 1];
    uint32_t np = 0;
    for (uint32_t i = 0; i < ft->param_count && np < CT_MAX_FLAT; i++)
        for (uint32_t j = 0; j < ft->params[i]->flat_count && np < CT_MAX_FLAT; j++)
            params[np++] = ft->params[i]->flat[j];
    if (np > max_params) {
        params[0] = RT_I32;
        np = 1;
    }
    uint8_t results[CT_MAX_FLAT];
    uint32_t nr = 0;
    if (ft->result) {
        nr = ft->result->flat_count;
        memcpy(results, ft->result->flat, nr < CT_MAX_FLAT ? nr : CT_MAX_FLAT);
    }
    if (async && lower) {
        if (nr)
            params[np++] = RT_I32;
        results[0] = RT_I32;
        nr = 1;
    } else if (nr > CT_MAX_FLAT_RESULTS) {
        if (lower) {
            params[np++] = RT_I32;
            nr = 0;
        } else {
            results[0] = RT_I32;
            nr = 1;
        }
    }
    out->param_count = np;
    out->result_count = nr;
    out->params = comp_arena_array(arena, np ? np : 1, sizeof *out->params);
    out->results = comp_arena_array(arena, nr ? nr : 1, sizeof *out->results);
    if (!out->params || !out->results)
        return false;
    for (uint32_t i = 0; i < np; i++)
        out->params[i] = params[i];
    for (uint32_t i = 0; i < nr; i++)
        out->results[i] = results[i];
    return true;
}

const rt_cfunctype *rt_cfunctype_async(comp_arena *arena, const rt_cfunctype *ft)
{
    rt_cfunctype *copy = comp_arena_alloc(arena, sizeof *copy);
    if (!copy)
        return NULL;
    *copy = *ft;
    copy->async = true;
    return copy;
}

bool rt_cfunctype_is_async(const rt_cfunctype *ft) { return ft->async; }
