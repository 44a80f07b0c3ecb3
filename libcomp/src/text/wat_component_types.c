/* Component text parser: value types, type definitions, function,
 * component and instance types with their declarations, and core types
 * (function and module types). */
#include "text/wat_component_parser.h"

#include <string.h>

static const struct {
    const char *name;
    uint8_t prim;
} prims[] = {
    {"bool", COMP_PRIM_BOOL}, {"s8", COMP_PRIM_S8},         {"u8", COMP_PRIM_U8},
    {"s16", COMP_PRIM_S16},   {"u16", COMP_PRIM_U16},       {"s32", COMP_PRIM_S32},
    {"u32", COMP_PRIM_U32},   {"s64", COMP_PRIM_S64},       {"u64", COMP_PRIM_U64},
    {"f32", COMP_PRIM_F32},   {"f64", COMP_PRIM_F64},       {"float32", COMP_PRIM_F32},
    {"float64", COMP_PRIM_F64}, {"char", COMP_PRIM_CHAR},   {"string", COMP_PRIM_STRING},
    {"error-context", COMP_PRIM_ERROR_CONTEXT},
};

static uint8_t prim_of(const text_sexpr *e)
{
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (wc_is_kw(e, prims[i].name))
            return prims[i].prim;
    return 0;
}

static bool define_inline(wc_ctx *cx, const text_sexpr *e, uint32_t *index)
{
    comp_type t;
    if (!wc_deftype(cx, e, &t))
        return false;
    return wc_emit_type(cx, &t, NULL, e, index);
}

bool wc_valtype(wc_ctx *cx, const text_sexpr *list, uint32_t at, comp_cvaltype *out,
                wc_fixups *f)
{
    const text_sexpr *e = wc_item_or_self(list, at);
    if (at >= list->count)
        return wc_fail(cx, list, "expected a value type");
    out->prim = 0;
    out->index = 0;
    if (e->kind == SX_ATOM) {
        if ((out->prim = prim_of(e)) != 0)
            return true;
        if (wc_is_index(e)) {
            wc_fixup_add(cx, f, &out->index, WC_TYPE, list, at, 0);
            return true;
        }
        return wc_fail(cx, e, "expected a value type");
    }
    if (wc_is_form(e, "type") && e->count == 2 && wc_is_index(e->items[1])) {
        wc_fixup_add(cx, f, &out->index, WC_TYPE, e, 1, 0);
        return true;
    }
    return define_inline(cx, e, &out->index);
}

static bool labels(wc_ctx *cx, const text_sexpr *e, comp_type *t)
{
    uint32_t n = e->count - 1;
    t->u.labels.label_count = n;
    t->u.labels.labels = comp_arena_array(cx->arena, n ? n : 1, sizeof(comp_str));
    if (!t->u.labels.labels)
        return wc_oom(cx, e);
    for (uint32_t i = 0; i < n; i++)
        if (!wc_name(cx, e->items[i + 1], &t->u.labels.labels[i]))
            return false;
    return true;
}

bool wc_core_valtype(wc_ctx *cx, const text_sexpr *e, comp_valtype *out)
{
    static const struct {
        const char *name;
        comp_valtype t;
    } core[] = {{"i32", COMP_I32},   {"i64", COMP_I64},         {"f32", COMP_F32},
                {"f64", COMP_F64},   {"v128", COMP_V128},       {"funcref", COMP_FUNCREF},
                {"externref", COMP_EXTERNREF}};
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        if (wc_is_kw(e, core[i].name)) {
            *out = core[i].t;
            return true;
        }
    return wc_fail(cx, e, "expected a core value type");
}

static bool resource_type(wc_ctx *cx, const text_sexpr *e, comp_type *t, wc_fixups *f)
{
    t->kind = COMP_TYPE_RESOURCE;
    uint32_t at = 1;
    if (at >= e->count || !wc_is_form(e->items[at], "rep") || e->items[at]->count != 2)
        return wc_fail(cx, wc_item_or_self(e, at), "expected `(rep i32)`");
    if (!wc_core_valtype(cx, e->items[at]->items[1], &t->u.rsrc.rep))
        return false;
    at++;
    if (at < e->count && wc_is_form(e->items[at], "dtor")) {
        const text_sexpr *d = e->items[at];
        if (d->count != 2)
            return wc_fail(cx, d, "expected `(dtor funcidx)`");
        t->u.rsrc.has_dtor = true;
        if (!wc_core_ref(cx, d->items[1], WC_CORE_FUNC, "func", &t->u.rsrc.dtor, f))
            return false;
        at++;
    }
    return wc_expect_end(cx, e, at);
}

static bool func_type(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_type *t, wc_fixups *f)
{
    t->kind = COMP_TYPE_FUNC;
    if (at < e->count && wc_is_kw(e->items[at], "async")) {
        t->kind = COMP_TYPE_ASYNC_FUNC;
        at++;
    }
    uint32_t params = 0;
    for (uint32_t i = at; i < e->count && wc_is_form(e->items[i], "param"); i++)
        params++;
    comp_cfunctype *ft = &t->u.func;
    ft->param_count = params;
    ft->params = comp_arena_array(cx->arena, params ? params : 1, sizeof *ft->params);
    if (!ft->params)
        return wc_oom(cx, e);
    for (uint32_t i = 0; i < params; i++, at++) {
        const text_sexpr *p = e->items[at];
        if (p->count != 3)
            return wc_fail(cx, p, "expected `(param \"name\" valtype)`");
        if (!wc_name(cx, p->items[1], &ft->params[i].label) ||
            !wc_valtype(cx, p, 2, &ft->params[i].type, f))
            return false;
    }
    if (at < e->count && wc_is_form(e->items[at], "result")) {
        const text_sexpr *r = e->items[at];
        uint32_t k = 1;
        if (r->count == 3 && wc_is_string(r->items[1]))
            k = 2; /* a named result: the name is not encoded */
        if (r->count != k + 1)
            return wc_fail(cx, r, "expected `(result valtype)`");
        ft->has_result = true;
        if (!wc_valtype(cx, r, k, &ft->result, f))
            return false;
        at++;
    }
    return wc_expect_end(cx, e, at);
}

static bool decls_type(wc_ctx *cx, const text_sexpr *e, uint32_t at, const text_sexpr *id,
                       comp_type *t);

/* The body of a deftype: phase one (inline parts) with fixups recorded. */
static bool deftype_body(wc_ctx *cx, const text_sexpr *e, comp_type *t, wc_fixups *f)
{
    t->offset = e->tok.pos.offset;
    if (e->kind == SX_ATOM) {
        if ((t->kind = prim_of(e)) != 0)
            return true;
        return wc_fail(cx, e, "expected a type definition");
    }
    if (e->count == 0 || e->items[0]->kind != SX_ATOM)
        return wc_fail(cx, e, "expected a type definition");
    const text_sexpr *head = e->items[0];
    uint32_t n = e->count - 1;
    if (wc_is_kw(head, "record")) {
        t->kind = COMP_TYPE_RECORD;
        t->u.record.field_count = n;
        t->u.record.fields = comp_arena_array(cx->arena, n ? n : 1, sizeof(comp_labelvaltype));
        if (!t->u.record.fields)
            return wc_oom(cx, e);
        for (uint32_t i = 0; i < n; i++) {
            const text_sexpr *x = e->items[i + 1];
            if (!wc_is_form(x, "field") || x->count != 3)
                return wc_fail(cx, x, "expected `(field \"name\" valtype)`");
            if (!wc_name(cx, x->items[1], &t->u.record.fields[i].label) ||
                !wc_valtype(cx, x, 2, &t->u.record.fields[i].type, f))
                return false;
        }
        return true;
    }
    if (wc_is_kw(head, "variant")) {
        t->kind = COMP_TYPE_VARIANT;
        t->u.variant.case_count = n;
        t->u.variant.cases = comp_arena_array(cx->arena, n ? n : 1, sizeof(comp_case));
        if (!t->u.variant.cases)
            return wc_oom(cx, e);
        for (uint32_t i = 0; i < n; i++) {
            const text_sexpr *x = e->items[i + 1];
            if (!wc_is_form(x, "case"))
                return wc_fail(cx, x, "expected `(case \"name\" valtype?)`");
            uint32_t k = 1;
            if (k < x->count && wc_is_id(x->items[k]))
                k++;
            if (!wc_name(cx, wc_item_or_self(x, k), &t->u.variant.cases[i].label))
                return false;
            k++;
            if (k < x->count) {
                t->u.variant.cases[i].has_type = true;
                if (!wc_valtype(cx, x, k, &t->u.variant.cases[i].type, f))
                    return false;
                k++;
            }
            if (!wc_expect_end(cx, x, k))
                return false;
        }
        return true;
    }
    if (wc_is_kw(head, "list")) {
        if (n != 1 && n != 2)
            return wc_fail(cx, e, "expected `(list valtype length?)`");
        t->kind = n == 2 ? COMP_TYPE_FIXED_LIST : COMP_TYPE_LIST;
        if (!wc_valtype(cx, e, 1, &t->u.list.elem, f))
            return false;
        return n == 1 || wc_u32(cx, e->items[2], &t->u.list.length);
    }
    if (wc_is_kw(head, "tuple")) {
        t->kind = COMP_TYPE_TUPLE;
        t->u.tuple.type_count = n;
        t->u.tuple.types = comp_arena_array(cx->arena, n ? n : 1, sizeof(comp_cvaltype));
        if (!t->u.tuple.types)
            return wc_oom(cx, e);
        for (uint32_t i = 0; i < n; i++)
            if (!wc_valtype(cx, e, i + 1, &t->u.tuple.types[i], f))
                return false;
        return true;
    }
    if (wc_is_kw(head, "flags") || wc_is_kw(head, "enum")) {
        t->kind = wc_is_kw(head, "flags") ? COMP_TYPE_FLAGS : COMP_TYPE_ENUM;
        return labels(cx, e, t);
    }
    if (wc_is_kw(head, "option")) {
        t->kind = COMP_TYPE_OPTION;
        return wc_expect_end(cx, e, 2) && wc_valtype(cx, e, 1, &t->u.option, f);
    }
    if (wc_is_kw(head, "result")) {
        t->kind = COMP_TYPE_RESULT;
        uint32_t at = 1;
        if (at < e->count && !wc_is_form(e->items[at], "error")) {
            t->u.result.has_ok = true;
            if (!wc_valtype(cx, e, at++, &t->u.result.ok, f))
                return false;
        }
        if (at < e->count && wc_is_form(e->items[at], "error")) {
            const text_sexpr *x = e->items[at++];
            t->u.result.has_err = true;
            if (!wc_expect_end(cx, x, 2) || !wc_valtype(cx, x, 1, &t->u.result.err, f))
                return false;
        }
        return wc_expect_end(cx, e, at);
    }
    if (wc_is_kw(head, "own") || wc_is_kw(head, "borrow")) {
        t->kind = wc_is_kw(head, "own") ? COMP_TYPE_OWN : COMP_TYPE_BORROW;
        if (!wc_expect_end(cx, e, 2))
            return false;
        wc_fixup_add(cx, f, &t->u.resource, WC_TYPE, e, 1, 0);
        return true;
    }
    if (wc_is_kw(head, "stream") || wc_is_kw(head, "future")) {
        t->kind = wc_is_kw(head, "stream") ? COMP_TYPE_STREAM : COMP_TYPE_FUTURE;
        if (n == 0)
            return true;
        t->u.async.has_payload = true;
        return wc_expect_end(cx, e, 2) && wc_valtype(cx, e, 1, &t->u.async.payload, f);
    }
    if (wc_is_kw(head, "map")) {
        t->kind = COMP_TYPE_MAP;
        return wc_expect_end(cx, e, 3) && wc_valtype(cx, e, 1, &t->u.map.key, f) &&
               wc_valtype(cx, e, 2, &t->u.map.value, f);
    }
    if (wc_is_kw(head, "resource"))
        return resource_type(cx, e, t, f);
    if (wc_is_kw(head, "func"))
        return func_type(cx, e, 1, t, f);
    if (wc_is_kw(head, "component") || wc_is_kw(head, "instance"))
        return decls_type(cx, e, 1, NULL, t);
    return wc_fail(cx, head, "expected a type definition");
}

bool wc_deftype(wc_ctx *cx, const text_sexpr *e, comp_type *out)
{
    memset(out, 0, sizeof *out);
    wc_fixups f = {0};
    return deftype_body(cx, e, out, &f) && wc_fixups_resolve(cx, &f);
}

/* ---- component and instance types ---------------------------------------- */

static bool decl_externdecl(wc_ctx *cx, const text_sexpr *e, bool import)
{
    uint32_t at = 1;
    comp_decl d = {0};
    d.kind = import ? COMP_DECL_IMPORT : COMP_DECL_EXPORT;
    d.offset = e->tok.pos.offset;
    if (!wc_extern_name(cx, e, &at, &d.name))
        return false;
    if (at + 1 != e->count)
        return wc_fail(cx, wc_item_or_self(e, at), "expected one extern type");
    const text_sexpr *id = NULL;
    wc_fixups f = {0};
    if (!wc_externtype(cx, e->items[at], &d.extern_type, &id, &f) || !wc_fixups_resolve(cx, &f))
        return false;
    comp_decl *slot = comp_vec_push(cx->arena, &cx->scope->decls, sizeof *slot);
    if (!slot)
        return wc_oom(cx, e);
    *slot = d;
    return wc_define(cx, wc_ns_of_extern(&d.extern_type), id, NULL);
}

static bool decl(wc_ctx *cx, const text_sexpr *e, bool component)
{
    if (wc_is_core_form(e, "type"))
        return wc_core_type_field(cx, e);
    if (wc_is_form(e, "type"))
        return wc_type_field(cx, e);
    if (wc_is_form(e, "alias")) {
        comp_alias a;
        const text_sexpr *id;
        return wc_alias_parse(cx, e, &a, &id) && wc_emit_alias(cx, &a, id, e, NULL);
    }
    if (wc_is_form(e, "export"))
        return decl_externdecl(cx, e, false);
    if (component && wc_is_form(e, "import"))
        return decl_externdecl(cx, e, true);
    return wc_fail(cx, e, component ? "expected a component type declaration"
                                    : "expected an instance type declaration");
}

static bool decls_type(wc_ctx *cx, const text_sexpr *e, uint32_t at, const text_sexpr *id,
                       comp_type *t)
{
    bool component = wc_is_kw(e->items[0], "component");
    t->kind = component ? COMP_TYPE_COMPONENT : COMP_TYPE_INSTANCE;
    t->offset = e->tok.pos.offset;
    if (cx->depth >= WC_MAX_DEPTH)
        return wc_fail(cx, e, "components and types nest too deeply");
    wc_scope scope;
    wc_scope_init(&scope, cx->scope, component ? WC_SCOPE_COMPONENT_TYPE : WC_SCOPE_INSTANCE_TYPE,
                  id);
    cx->scope = &scope;
    cx->depth++;
    bool ok = true;
    for (uint32_t i = at; ok && i < e->count; i++)
        ok = decl(cx, e->items[i], component);
    cx->depth--;
    cx->scope = scope.parent;
    t->u.decls.decl_count = scope.decls.count;
    t->u.decls.decls = scope.decls.data;
    return ok;
}

bool wc_type_field(wc_ctx *cx, const text_sexpr *e)
{
    uint32_t at = 1;
    const text_sexpr *id = wc_take_id(e, &at);
    comp_vec exports = {0};
    if (cx->scope->kind == WC_SCOPE_COMPONENT && !wc_inline_exports(cx, e, &at, &exports))
        return false;
    if (at + 1 != e->count)
        return wc_fail(cx, wc_item_or_self(e, at), "expected one type definition");
    const text_sexpr *body = e->items[at];
    comp_type t;
    memset(&t, 0, sizeof t);
    bool ok;
    if (wc_is_form(body, "component") || wc_is_form(body, "instance")) {
        ok = decls_type(cx, body, 1, id, &t); /* the type's $id names its scope */
    } else {
        wc_fixups f = {0};
        ok = deftype_body(cx, body, &t, &f) && wc_fixups_resolve(cx, &f);
    }
    uint32_t index;
    if (!ok || !wc_emit_type(cx, &t, id, e, &index))
        return false;
    wc_append_exports(cx, &exports, wc_sort_of_ns(WC_TYPE), index);
    return true;
}

/* ---- extern types ----------------------------------------------------------- */

uint8_t wc_ns_of_extern(const comp_externtype *t)
{
    switch (t->kind) {
    case COMP_SORT_CORE: return WC_CORE_MODULE;
    case COMP_SORT_FUNC: return WC_FUNC;
    case COMP_SORT_VALUE: return WC_VALUE;
    case COMP_SORT_TYPE: return WC_TYPE;
    case COMP_SORT_COMPONENT: return WC_COMPONENT;
    default: return WC_INSTANCE;
    }
}

static bool core_module_type(wc_ctx *cx, const text_sexpr *e, uint32_t at, const text_sexpr *id,
                             comp_core_type *t);

/* A type use: `(type idx)` or an inline definition from items[at...]. */
static bool type_use(wc_ctx *cx, const text_sexpr *e, uint32_t at, uint8_t kind,
                     comp_externtype *out, wc_fixups *f)
{
    if (at < e->count && wc_is_form(e->items[at], "type") && e->items[at]->count >= 2 &&
        wc_is_index(e->items[at]->items[1]) &&
        (e->items[at]->count == 2 || wc_is_string(e->items[at]->items[2]))) {
        const text_sexpr *r = e->items[at];
        if (!wc_expect_end(cx, e, at + 1))
            return false;
        wc_fixup_add(cx, f, &out->index, kind == COMP_SORT_CORE ? WC_CORE_TYPE : WC_TYPE, r, 1,
                     r->count - 2);
        return true;
    }
    if (kind == COMP_SORT_CORE) {
        comp_core_type t = {0};
        return core_module_type(cx, e, at, NULL, &t) &&
               wc_emit_core_type(cx, &t, NULL, e, &out->index);
    }
    comp_type t;
    memset(&t, 0, sizeof t);
    wc_fixups inner = {0};
    bool ok;
    if (kind == COMP_SORT_FUNC)
        ok = func_type(cx, e, at, &t, &inner);
    else {
        t.kind = kind == COMP_SORT_COMPONENT ? COMP_TYPE_COMPONENT : COMP_TYPE_INSTANCE;
        bool component = kind == COMP_SORT_COMPONENT;
        t.offset = e->tok.pos.offset;
        if (cx->depth >= WC_MAX_DEPTH)
            return wc_fail(cx, e, "components and types nest too deeply");
        wc_scope scope;
        wc_scope_init(&scope, cx->scope,
                      component ? WC_SCOPE_COMPONENT_TYPE : WC_SCOPE_INSTANCE_TYPE, NULL);
        cx->scope = &scope;
        cx->depth++;
        ok = true;
        for (uint32_t i = at; ok && i < e->count; i++)
            ok = decl(cx, e->items[i], component);
        cx->depth--;
        cx->scope = scope.parent;
        t.u.decls.decl_count = scope.decls.count;
        t.u.decls.decls = scope.decls.data;
    }
    return ok && wc_fixups_resolve(cx, &inner) && wc_emit_type(cx, &t, NULL, e, &out->index);
}

bool wc_externtype(wc_ctx *cx, const text_sexpr *e, comp_externtype *out, const text_sexpr **id,
                   wc_fixups *f)
{
    memset(out, 0, sizeof *out);
    *id = NULL;
    if (e->kind != SX_LIST || e->count == 0)
        return wc_fail(cx, e, "expected an extern type");
    uint32_t at = 1;
    if (wc_is_core_form(e, "module")) {
        out->kind = COMP_SORT_CORE;
        at = 2;
    } else if (wc_is_form(e, "func")) {
        out->kind = COMP_SORT_FUNC;
    } else if (wc_is_form(e, "component")) {
        out->kind = COMP_SORT_COMPONENT;
    } else if (wc_is_form(e, "instance")) {
        out->kind = COMP_SORT_INSTANCE;
    } else if (wc_is_form(e, "value")) {
        out->kind = COMP_SORT_VALUE;
    } else if (wc_is_form(e, "type")) {
        out->kind = COMP_SORT_TYPE;
    } else {
        return wc_fail(cx, e->items[0], "expected `core`, `func`, `component`, `instance`, `value` or `type`");
    }
    if (at < e->count && wc_is_id(e->items[at]))
        *id = e->items[at++];
    return wc_externtype_at(cx, e, at, out, f);
}

bool wc_externtype_at(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_externtype *out,
                      wc_fixups *f)
{
    if (out->kind == COMP_SORT_VALUE) {
        if (at < e->count && wc_is_form(e->items[at], "eq")) {
            const text_sexpr *q = e->items[at];
            out->bound = COMP_BOUND_EQ;
            if (!wc_expect_end(cx, q, 2))
                return false;
            wc_fixup_add(cx, f, &out->index, WC_VALUE, q, 1, 0);
            return wc_expect_end(cx, e, at + 1);
        }
        out->bound = COMP_BOUND_VALTYPE;
        return wc_valtype(cx, e, at, &out->value_type, f) && wc_expect_end(cx, e, at + 1);
    }
    if (out->kind == COMP_SORT_TYPE) {
        const text_sexpr *b = wc_item_or_self(e, at);
        if (wc_is_form(b, "sub") && b->count == 2 && wc_is_kw(b->items[1], "resource")) {
            out->bound = COMP_BOUND_SUB_RESOURCE;
        } else if (wc_is_form(b, "eq") && b->count == 2) {
            out->bound = COMP_BOUND_EQ;
            wc_fixup_add(cx, f, &out->index, WC_TYPE, b, 1, 0);
        } else {
            return wc_fail(cx, b, "expected `(eq typeidx)` or `(sub resource)`");
        }
        return wc_expect_end(cx, e, at + 1);
    }
    return type_use(cx, e, at, out->kind, out, f);
}

/* ---- core types ------------------------------------------------------------- */

/* `(param $id? t*)* (result t*)*` from items[*at...] into a functype. */
static bool core_functype(wc_ctx *cx, const text_sexpr *e, uint32_t *at, comp_functype *ft)
{
    uint32_t np = 0, nr = 0;
    for (uint32_t i = *at; i < e->count; i++) {
        const text_sexpr *x = e->items[i];
        bool param = wc_is_form(x, "param");
        if (!param && !wc_is_form(x, "result"))
            break;
        uint32_t k = 1;
        if (param && k < x->count && wc_is_id(x->items[k]))
            k++;
        if (param && nr)
            return wc_fail(cx, x, "parameters must come before results");
        *(param ? &np : &nr) += x->count - k;
    }
    ft->params = comp_arena_array(cx->arena, np ? np : 1, sizeof(comp_valtype));
    ft->results = comp_arena_array(cx->arena, nr ? nr : 1, sizeof(comp_valtype));
    if (!ft->params || !ft->results)
        return wc_oom(cx, e);
    ft->param_count = ft->result_count = 0;
    for (; *at < e->count; (*at)++) {
        const text_sexpr *x = e->items[*at];
        bool param = wc_is_form(x, "param");
        if (!param && !wc_is_form(x, "result"))
            break;
        uint32_t k = 1;
        if (param && k < x->count && wc_is_id(x->items[k])) {
            k++;
            if (x->count != 3)
                return wc_fail(cx, x, "expected one type after a parameter name");
        }
        for (; k < x->count; k++) {
            comp_valtype *slot = param ? &ft->params[ft->param_count++]
                                       : &ft->results[ft->result_count++];
            if (!wc_core_valtype(cx, x->items[k], slot))
                return false;
        }
    }
    return true;
}

static bool same_functype(const comp_functype *a, const comp_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           memcmp(a->params, b->params, a->param_count) == 0 &&
           memcmp(a->results, b->results, a->result_count) == 0;
}

static bool limits(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_limits *l, bool table)
{
    l->flags = 0;
    if (at < e->count && wc_is_kw(e->items[at], "i64")) {
        l->flags |= COMP_LIMITS_64;
        at++;
    } else if (at < e->count && wc_is_kw(e->items[at], "i32")) {
        at++;
    }
    uint32_t v;
    if (!wc_u32(cx, wc_item_or_self(e, at), &v))
        return false;
    l->min = v;
    at++;
    if (at < e->count && e->items[at]->tok.kind == TOK_INT && e->items[at]->kind == SX_ATOM) {
        if (!wc_u32(cx, e->items[at], &v))
            return false;
        l->max = v;
        l->flags |= COMP_LIMITS_HAS_MAX;
        at++;
    }
    if (!table && at < e->count && wc_is_kw(e->items[at], "shared")) {
        l->flags |= COMP_LIMITS_SHARED;
        at++;
    }
    return table || wc_expect_end(cx, e, at);
}

/* A module type's function type use: `(type i)` and/or inline params and
 * results; an inline signature reuses an equal type declared earlier in
 * the module type, else a new type declaration is added before. */
static bool module_func_use(wc_ctx *cx, const text_sexpr *e, uint32_t at, uint32_t *type_index,
                            comp_vec *known)
{
    if (at < e->count && wc_is_form(e->items[at], "type")) {
        const text_sexpr *r = e->items[at];
        if (!wc_expect_end(cx, r, 2) || !wc_resolve(cx, WC_CORE_TYPE, r->items[1], type_index))
            return false;
        at++;
        comp_functype ignored;
        return core_functype(cx, e, &at, &ignored) && wc_expect_end(cx, e, at);
    }
    comp_functype ft;
    if (!core_functype(cx, e, &at, &ft) || !wc_expect_end(cx, e, at))
        return false;
    const comp_moduledecl *ds = cx->scope->decls.data;
    const uint32_t *k = known->data;
    for (uint32_t i = 0; i < known->count; i += 2)
        if (same_functype(&ds[k[i]].type->func, &ft)) {
            *type_index = k[i + 1];
            return true;
        }
    comp_core_type t = {0};
    t.kind = COMP_CORE_TYPE_FUNC;
    t.offset = e->tok.pos.offset;
    t.func = ft;
    /* Like wasm-tools, only declared types are reused, not generated ones. */
    return wc_emit_core_type(cx, &t, NULL, e, type_index);
}

/* A core type that is not a module type: `(func ...)`, or a subtype
 * `(sub final? typeidx* (func ...))` (component.h models subtypes of
 * function types only; rec groups are not supported). */
static bool core_subtype(wc_ctx *cx, const text_sexpr *body, comp_core_type *t)
{
    if (wc_is_form(body, "rec"))
        return wc_fail(cx, body, "not supported: rec groups in core types");
    if (!wc_is_form(body, "sub")) {
        if (!wc_is_form(body, "func"))
            return wc_fail(cx, body, "expected a core type (func, sub or module)");
        t->kind = COMP_CORE_TYPE_FUNC;
        uint32_t b = 1;
        return core_functype(cx, body, &b, &t->func) && wc_expect_end(cx, body, b);
    }
    uint32_t at = 1;
    t->kind = COMP_CORE_TYPE_SUB;
    if (at < body->count && wc_is_kw(body->items[at], "final")) {
        t->kind = COMP_CORE_TYPE_SUB_FINAL;
        at++;
    }
    uint32_t first = at;
    while (at < body->count && body->items[at]->kind == SX_ATOM)
        at++;
    t->super_count = at - first;
    if (t->super_count) {
        t->supers = comp_arena_array(cx->arena, t->super_count, sizeof *t->supers);
        if (!t->supers)
            return wc_oom(cx, body);
    }
    for (uint32_t i = 0; i < t->super_count; i++)
        if (!wc_resolve(cx, WC_CORE_TYPE, body->items[first + i], &t->supers[i]))
            return false;
    const text_sexpr *func = wc_item_or_self(body, at);
    if (at >= body->count || !wc_is_form(func, "func"))
        return wc_fail(cx, func, "expected `(func ...)` in a core subtype");
    uint32_t b = 1;
    return wc_expect_end(cx, body, at + 1) && core_functype(cx, func, &b, &t->func) &&
           wc_expect_end(cx, func, b);
}

static bool core_externtype(wc_ctx *cx, const text_sexpr *e, comp_import *out, comp_vec *known)
{
    uint32_t at = 1;
    if (at < e->count && wc_is_id(e->items[at]))
        at++;
    if (wc_is_form(e, "func")) {
        out->kind = COMP_EXTERN_FUNC;
        return module_func_use(cx, e, at, &out->desc.func_type, known);
    }
    if (wc_is_form(e, "memory")) {
        out->kind = COMP_EXTERN_MEMORY;
        return limits(cx, e, at, &out->desc.memory, false);
    }
    if (wc_is_form(e, "table")) {
        out->kind = COMP_EXTERN_TABLE;
        if (!limits(cx, e, at, &out->desc.table.limits, true))
            return false;
        at = e->count - 1;
        return wc_core_valtype(cx, e->items[at], &out->desc.table.elem);
    }
    if (wc_is_form(e, "global")) {
        out->kind = COMP_EXTERN_GLOBAL;
        const text_sexpr *g = wc_item_or_self(e, at);
        if (wc_is_form(g, "mut")) {
            out->desc.global.mutability = 1;
            if (!wc_expect_end(cx, g, 2))
                return false;
            g = g->items[1];
        }
        return wc_core_valtype(cx, g, &out->desc.global.type) && wc_expect_end(cx, e, at + 1);
    }
    if (wc_is_form(e, "tag")) {
        out->kind = COMP_EXTERN_TAG;
        return module_func_use(cx, e, at, &out->desc.tag.type, known);
    }
    return wc_fail(cx, e, "expected a core extern type");
}

static bool core_module_type(wc_ctx *cx, const text_sexpr *e, uint32_t at, const text_sexpr *id,
                             comp_core_type *t)
{
    t->kind = COMP_CORE_TYPE_MODULE;
    t->offset = e->tok.pos.offset;
    if (cx->depth >= WC_MAX_DEPTH)
        return wc_fail(cx, e, "components and types nest too deeply");
    wc_scope scope;
    wc_scope_init(&scope, cx->scope, WC_SCOPE_MODULE_TYPE, id);
    cx->scope = &scope;
    cx->depth++;
    comp_vec known = {0}; /* pairs (decl position, type index) of func types */
    bool ok = true;
    for (uint32_t i = at; ok && i < e->count; i++) {
        const text_sexpr *d = e->items[i];
        if (wc_is_form(d, "type")) {
            uint32_t k = 1;
            const text_sexpr *tid = NULL;
            if (k < d->count && wc_is_id(d->items[k]))
                tid = d->items[k++];
            comp_core_type ct = {0};
            const text_sexpr *body = wc_item_or_self(d, k);
            ct.offset = d->tok.pos.offset;
            ok = wc_expect_end(cx, d, k + 1) && core_subtype(cx, body, &ct);
            uint32_t decl_at = cx->scope->decls.count, index;
            ok = ok && wc_emit_core_type(cx, &ct, tid, d, &index);
            /* Inline function types reuse declared plain function types. */
            bool reusable = ct.kind == COMP_CORE_TYPE_FUNC;
            uint32_t *pair =
                ok && reusable ? comp_vec_push(cx->arena, &known, 2 * sizeof(uint32_t)) : NULL;
            if (ok && reusable && !pair)
                ok = wc_oom(cx, d);
            if (ok && reusable) {
                pair[0] = decl_at;
                pair[1] = index;
            }
        } else if (wc_is_form(d, "alias")) {
            comp_alias a;
            const text_sexpr *aid;
            ok = wc_alias_parse(cx, d, &a, &aid) && wc_emit_alias(cx, &a, aid, d, NULL);
        } else if (wc_is_form(d, "import") || wc_is_form(d, "export")) {
            bool import = wc_is_form(d, "import");
            comp_moduledecl md = {0};
            md.kind = import ? COMP_MODULEDECL_IMPORT : COMP_MODULEDECL_EXPORT;
            md.offset = d->tok.pos.offset;
            uint32_t need = import ? 4 : 3;
            ok = wc_expect_end(cx, d, need) &&
                 (!import || wc_name(cx, d->items[1], &md.item.module)) &&
                 wc_name(cx, d->items[need - 2], &md.item.name) &&
                 core_externtype(cx, d->items[need - 1], &md.item, &known);
            comp_moduledecl *slot =
                ok ? comp_vec_push(cx->arena, &cx->scope->decls, sizeof *slot) : NULL;
            if (ok && !slot)
                ok = wc_oom(cx, d);
            if (ok)
                *slot = md;
        } else {
            ok = wc_fail(cx, d, "expected a module type declaration");
        }
    }
    cx->depth--;
    cx->scope = scope.parent;
    t->decl_count = scope.decls.count;
    t->decls = scope.decls.data;
    return ok;
}

bool wc_core_type_field(wc_ctx *cx, const text_sexpr *e)
{
    uint32_t at = 2;
    const text_sexpr *id = wc_take_id(e, &at);
    if (!wc_expect_end(cx, e, at + 1))
        return false;
    const text_sexpr *body = e->items[at];
    comp_core_type t = {0};
    t.offset = e->tok.pos.offset;
    if (wc_is_form(body, "module")) {
        if (!core_module_type(cx, body, 1, id, &t))
            return false;
    } else if (!core_subtype(cx, body, &t)) {
        return false;
    }
    return wc_emit_core_type(cx, &t, id, e, NULL);
}
