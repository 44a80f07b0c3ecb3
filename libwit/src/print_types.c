/* Type names, type definitions, resources and function signatures. */
#include "print_internal.h"

#include <stdio.h>

enum { MAX_TYPE_DEPTH = 256 };

static const char *prim_name(wit_tref_kind k)
{
    switch (k) {
    case WIT_TREF_BOOL: return "bool";
    case WIT_TREF_U8: return "u8";
    case WIT_TREF_U16: return "u16";
    case WIT_TREF_U32: return "u32";
    case WIT_TREF_U64: return "u64";
    case WIT_TREF_S8: return "s8";
    case WIT_TREF_S16: return "s16";
    case WIT_TREF_S32: return "s32";
    case WIT_TREF_S64: return "s64";
    case WIT_TREF_F32: return "f32";
    case WIT_TREF_F64: return "f64";
    case WIT_TREF_CHAR: return "char";
    case WIT_TREF_STRING: return "string";
    case WIT_TREF_ERROR_CONTEXT: return "error-context";
    default: return NULL;
    }
}

/* The name of the resource a handle refers to (as referenced: an alias
 * keeps its own name). */
static void wp_handle_target(pr *p, wit_tref t)
{
    if (t.kind != WIT_TREF_ID || t.id >= p->r->type_count || !p->r->types[t.id].name.data) {
        wp_fail(p, "handle to an unnamed resource");
        return;
    }
    wp_name(p, p->r->types[t.id].name);
}

static void wp_type_at(pr *p, wit_tref t, unsigned depth);

/* `name<a>` or `name<a, b>` (b may be NONE). */
static void generic(pr *p, const char *name, wit_tref a, wit_tref b, unsigned depth)
{
    wp_str(p, name);
    wp_raw(p, "<", 1);
    wp_type_at(p, a, depth + 1);
    if (b.kind != WIT_TREF_NONE) {
        wp_raw(p, ", ", 2);
        wp_type_at(p, b, depth + 1);
    }
    wp_raw(p, ">", 1);
}

/* The right-hand side of an anonymous type. `force_own` spells an owned
 * handle `own<r>` (as a definition), else just `r` (as a use). */
static void wp_anonymous(pr *p, const wit_rtype *t, bool force_own, unsigned depth)
{
    static const wit_tref none = {WIT_TREF_NONE, 0};
    switch (t->kind) {
    case WIT_DEF_KIND_ALIAS:
        wp_type_at(p, t->a, depth + 1);
        break;
    case WIT_DEF_KIND_OWN:
        if (force_own)
            wp_str(p, "own<");
        wp_handle_target(p, t->a);
        if (force_own)
            wp_raw(p, ">", 1);
        break;
    case WIT_DEF_KIND_BORROW:
        wp_str(p, "borrow<");
        wp_handle_target(p, t->a);
        wp_raw(p, ">", 1);
        break;
    case WIT_DEF_KIND_TUPLE:
        wp_str(p, "tuple<");
        for (uint32_t i = 0; i < t->field_count; i++) {
            if (i)
                wp_raw(p, ", ", 2);
            wp_type_at(p, t->fields[i].type, depth + 1);
        }
        wp_raw(p, ">", 1);
        break;
    case WIT_DEF_KIND_LIST:
        generic(p, "list", t->a, none, depth);
        break;
    case WIT_DEF_KIND_FIXED_LIST: {
        char n[16];
        int len = snprintf(n, sizeof n, ", %u", (unsigned)t->length);
        wp_str(p, "list<");
        wp_type_at(p, t->a, depth + 1);
        wp_raw(p, n, (size_t)len);
        wp_raw(p, ">", 1);
        break;
    }
    case WIT_DEF_KIND_OPTION:
        generic(p, "option", t->a, none, depth);
        break;
    case WIT_DEF_KIND_RESULT:
        if (t->a.kind == WIT_TREF_NONE && t->b.kind == WIT_TREF_NONE) {
            wp_str(p, "result");
        } else if (t->a.kind == WIT_TREF_NONE) {
            wp_str(p, "result<_, ");
            wp_type_at(p, t->b, depth + 1);
            wp_raw(p, ">", 1);
        } else {
            generic(p, "result", t->a, t->b, depth);
        }
        break;
    case WIT_DEF_KIND_MAP:
        generic(p, "map", t->a, t->b, depth);
        break;
    case WIT_DEF_KIND_FUTURE:
    case WIT_DEF_KIND_STREAM: {
        const char *kw = t->kind == WIT_DEF_KIND_FUTURE ? "future" : "stream";
        if (t->a.kind == WIT_TREF_NONE)
            wp_str(p, kw);
        else
            generic(p, kw, t->a, none, depth);
        break;
    }
    default:
        wp_fail(p, "unnamed record, variant, enum, flags or resource type");
        break;
    }
}

static void wp_type_at(pr *p, wit_tref t, unsigned depth)
{
    const char *prim = prim_name(t.kind);
    if (prim) {
        wp_str(p, prim);
        return;
    }
    if (t.kind != WIT_TREF_ID || t.id >= p->r->type_count || depth > MAX_TYPE_DEPTH) {
        wp_fail(p, "missing or too deeply nested type");
        return;
    }
    const wit_rtype *ty = &p->r->types[t.id];
    if (ty->name.data)
        wp_name(p, ty->name);
    else
        wp_anonymous(p, ty, false, depth);
}

void wp_type(pr *p, wit_tref t)
{
    wp_type_at(p, t, 0);
}

/* `kw name {` then one line per field or case, then `}`. */
static void wp_cases(pr *p, const char *kw, const wit_rtype *t, bool typed, bool payload_parens)
{
    wp_str(p, kw);
    wp_raw(p, " ", 1);
    wp_name(p, t->name);
    wp_block_start(p);
    for (uint32_t i = 0; i < t->field_count; i++) {
        const wit_rfield *f = &t->fields[i];
        wp_docs(p, &f->docs);
        wp_name(p, f->name);
        if (typed && !payload_parens) {
            wp_raw(p, ": ", 2);
            wp_type(p, f->type);
        } else if (typed && f->type.kind != WIT_TREF_NONE) {
            wp_raw(p, "(", 1);
            wp_type(p, f->type);
            wp_raw(p, ")", 1);
        }
        wp_raw(p, ",", 1);
        wp_newline(p);
    }
    wp_block_end(p);
}

void wp_declare_type(pr *p, uint32_t id)
{
    const wit_rtype *t = &p->r->types[id];
    switch (t->kind) {
    case WIT_DEF_KIND_RECORD:
        wp_cases(p, "record", t, true, false);
        return;
    case WIT_DEF_KIND_VARIANT:
        wp_cases(p, "variant", t, true, true);
        return;
    case WIT_DEF_KIND_ENUM:
        wp_cases(p, "enum", t, false, false);
        return;
    case WIT_DEF_KIND_FLAGS:
        wp_cases(p, "flags", t, false, false);
        return;
    case WIT_DEF_KIND_RESOURCE:
        wp_resource(p, id, NULL, 0);
        return;
    default:
        break;
    }
    wp_str(p, "type ");
    wp_name(p, t->name);
    wp_raw(p, " = ", 3);
    /* `type a = own<r>` stays spelled with `own`, since it is a handle
     * definition, unlike `type a = r`. */
    if (t->kind == WIT_DEF_KIND_ALIAS && t->a.kind == WIT_TREF_ID && t->a.id < p->r->type_count &&
        !p->r->types[t->a.id].name.data)
        wp_anonymous(p, &p->r->types[t->a.id], true, 1);
    else if (t->kind == WIT_DEF_KIND_ALIAS)
        wp_type(p, t->a);
    else
        wp_anonymous(p, t, true, 0);
    wp_semicolon(p);
}

/* A constructor whose result is just the owned resource prints no
 * result. */
static bool constructor_shorthand(const wit_resolve *r, const wit_rfunc *f)
{
    if (f->result.kind != WIT_TREF_ID || f->result.id >= r->type_count)
        return f->result.kind == WIT_TREF_NONE;
    const wit_rtype *t = &r->types[f->result.id];
    return !t->name.data && t->kind == WIT_DEF_KIND_OWN && t->a.kind == WIT_TREF_ID &&
           wit_resolve_deref(r, t->a.id) == wit_resolve_deref(r, f->resource);
}

void wp_function(pr *p, const wit_rfunc *f)
{
    if (f->is_async)
        wp_str(p, "async ");
    wp_str(p, f->kind == WIT_FUNC_CONSTRUCTOR ? "constructor(" : "func(");
    uint32_t first = f->kind == WIT_FUNC_METHOD ? 1 : 0;
    for (uint32_t i = first; i < f->param_count; i++) {
        if (i > first)
            wp_raw(p, ", ", 2);
        wp_name(p, f->params[i].name);
        wp_raw(p, ": ", 2);
        wp_type(p, f->params[i].type);
    }
    wp_raw(p, ")", 1);
    if (f->kind == WIT_FUNC_CONSTRUCTOR && constructor_shorthand(p->r, f))
        return;
    if (f->result.kind != WIT_TREF_NONE) {
        wp_raw(p, " -> ", 4);
        wp_type(p, f->result);
    }
}

void wp_resource(pr *p, uint32_t id, const wit_rfunc *const *funcs, uint32_t n)
{
    wp_str(p, "resource ");
    wp_name(p, p->r->types[id].name);
    if (!n) {
        wp_semicolon(p);
        return;
    }
    wp_block_start(p);
    for (uint32_t i = 0; i < n; i++) {
        const wit_rfunc *f = funcs[i];
        wp_docs(p, &f->docs);
        wp_stability(p, &f->stability);
        if (f->kind != WIT_FUNC_CONSTRUCTOR) {
            wp_name(p, f->item_name);
            wp_raw(p, ": ", 2);
            if (f->kind == WIT_FUNC_STATIC)
                wp_raw(p, "static ", 7);
        }
        wp_function(p, f);
        wp_semicolon(p);
    }
    wp_block_end(p);
}

void wp_version(pr *p, const wit_version *v)
{
    wp_raw(p, "@", 1);
    wp_raw(p, v->text.data, v->text.len);
}

void wp_interface_path(pr *p, uint32_t iface, uint32_t cur)
{
    const wit_rinterface *f = &p->r->interfaces[iface];
    if (f->package == cur) {
        wp_name(p, f->name);
        return;
    }
    const wit_package_name *n = &p->r->packages[f->package].name;
    for (uint32_t i = 0; i < n->namespace_count; i++) {
        wp_name(p, n->namespaces[i].name);
        wp_raw(p, ":", 1);
    }
    wp_name(p, n->name.name);
    for (uint32_t i = 0; i < n->nested_count; i++) {
        wp_raw(p, "/", 1);
        wp_name(p, n->nested[i].name);
    }
    wp_raw(p, "/", 1);
    wp_name(p, f->name);
    if (n->version.present)
        wp_version(p, &n->version);
}
