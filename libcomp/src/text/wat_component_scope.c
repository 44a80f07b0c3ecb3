/* Component text parser: index spaces, $identifiers and reference
 * resolution, including the aliases wasm-tools inserts for inline export
 * references and for identifiers of enclosing scopes. */
#include "text/wat_component_parser.h"

#include <string.h>

#include "text/wat_module_int.h"

void wc_scope_init(wc_scope *s, wc_scope *parent, uint8_t kind, const text_sexpr *id)
{
    memset(s, 0, sizeof *s);
    s->parent = parent;
    s->kind = kind;
    s->id = id;
}

static uint32_t hash_name(uint8_t ns, const uint8_t *p, size_t len)
{
    uint32_t h = 2166136261u ^ ns;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static wc_name_entry *find_slot(wc_name_entry *table, uint32_t cap, uint8_t ns,
                                const uint8_t *p, size_t len)
{
    uint32_t i = hash_name(ns, p, len) & (cap - 1);
    for (;;) {
        wc_name_entry *e = &table[i];
        if (!e->name || (e->ns == ns && e->len == len && memcmp(e->name, p, len) == 0))
            return e;
        i = (i + 1) & (cap - 1);
    }
}

static bool grow_table(comp_arena *a, wc_scope *s)
{
    uint32_t cap = s->table_cap ? s->table_cap * 2 : 16;
    if (cap < s->table_cap)
        return false;
    wc_name_entry *t = comp_arena_array(a, cap, sizeof *t);
    if (!t)
        return false;
    for (uint32_t i = 0; i < s->table_cap; i++)
        if (s->table[i].name)
            *find_slot(t, cap, s->table[i].ns, s->table[i].name, s->table[i].len) = s->table[i];
    s->table = t;
    s->table_cap = cap;
    return true;
}

static const char *ns_name(uint8_t ns)
{
    static const char *const names[WC_NS_COUNT] = {
        "core func", "core table", "core memory", "core global", "core tag",
        "core type", "core module", "core instance", "func", "value",
        "type", "component", "instance",
    };
    return ns < WC_NS_COUNT ? names[ns] : "item";
}

bool wc_lookup(const wc_scope *s, uint8_t ns, const text_sexpr *id, uint32_t *index)
{
    if (!s->table_cap)
        return false;
    const wc_name_entry *e =
        find_slot(s->table, s->table_cap, ns, id->tok.value, id->tok.value_len);
    if (!e->name)
        return false;
    *index = e->index;
    return true;
}

const text_sexpr *wc_annot_name(const wc_ctx *cx, const text_sexpr *key)
{
    return cx->annots && key ? wat_annot_name(cx->annots, key) : NULL;
}

bool wc_define(wc_ctx *cx, uint8_t ns, const text_sexpr *id, uint32_t *index)
{
    wc_scope *s = cx->scope;
    if (s->count[ns] == UINT32_MAX)
        return wc_fail(cx, id, "too many items in the %s index space", ns_name(ns));
    uint32_t at = s->count[ns]++;
    if (index)
        *index = at;
    if (ns == WC_TYPE && s->kind == WC_SCOPE_COMPONENT) {
        const comp_type **def = comp_vec_push(cx->arena, &s->type_defs, sizeof *def);
        if (!def)
            return wc_oom(cx, id);
        *def = NULL; /* wc_emit_type or wc_emit_alias fill it in */
    }
    if (!id)
        return true;
    if (id->tok.value_len > UINT32_MAX)
        return wc_fail(cx, id, "identifier too long");
    if ((s->table_len + 1) * 2 > s->table_cap && !grow_table(cx->arena, s))
        return wc_oom(cx, id);
    wc_name_entry *e = find_slot(s->table, s->table_cap, ns, id->tok.value, id->tok.value_len);
    if (e->name)
        return wc_fail(cx, id, "duplicate %s identifier $%.*s", ns_name(ns),
                       (int)(id->tok.value_len > 60 ? 60 : id->tok.value_len),
                       (const char *)id->tok.value);
    e->name = id->tok.value;
    e->len = (uint32_t)id->tok.value_len;
    e->ns = ns;
    e->index = at;
    s->table_len++;
    if (s->kind == WC_SCOPE_COMPONENT) {
        wc_naming *n = comp_vec_push(cx->arena, &s->names[ns], sizeof *n);
        if (!n)
            return wc_oom(cx, id);
        /* An (@name "...") after the $id gives the name it stands for. */
        const text_sexpr *shown = wc_annot_name(cx, id);
        if (!shown)
            shown = id;
        n->index = at;
        n->name.data = (const char *)shown->tok.value;
        n->name.len = (uint32_t)shown->tok.value_len;
    }
    return true;
}

/* The keyword an `(@name ...)` follows in a definition without a $id:
 * `(core? KIND ...)`, or for imports and aliases the kind of their
 * target `(import "n" (KIND ...))`, `(alias ... (KIND ...))`. */
static const text_sexpr *name_key(const text_sexpr *form)
{
    if (!form || form->kind != SX_LIST || form->count == 0)
        return NULL;
    if ((wc_is_kw(form->items[0], "import") || wc_is_kw(form->items[0], "alias")) &&
        form->items[form->count - 1]->kind == SX_LIST)
        form = form->items[form->count - 1];
    if (form->count == 0)
        return NULL;
    if (wc_is_kw(form->items[0], "core") && form->count > 1)
        return form->items[1];
    return form->items[0];
}

bool wc_define_in(wc_ctx *cx, uint8_t ns, const text_sexpr *id, const text_sexpr *form,
                  uint32_t *index)
{
    if (id)
        return wc_define(cx, ns, id, index);
    uint32_t at;
    if (!wc_define(cx, ns, NULL, &at))
        return false;
    if (index)
        *index = at;
    /* Only the form that defines this kind of item: an implicit type made
     * for `(func (@name "f") (canon lift ...))` is not the one named. */
    const text_sexpr *key = name_key(form);
    const char *kind = ns_name(ns);
    if (strncmp(kind, "core ", 5) == 0)
        kind += 5;
    if (!key || key->kind != SX_ATOM || !wc_is_kw(key, kind))
        return true;
    const text_sexpr *shown = wc_annot_name(cx, key);
    if (!shown || cx->scope->kind != WC_SCOPE_COMPONENT)
        return true;
    wc_naming *n = comp_vec_push(cx->arena, &cx->scope->names[ns], sizeof *n);
    if (!n)
        return wc_oom(cx, form);
    n->index = at;
    n->name.data = (const char *)shown->tok.value;
    n->name.len = (uint32_t)shown->tok.value_len;
    return true;
}

comp_sort wc_sort_of_ns(uint8_t ns)
{
    static const uint8_t core_sorts[] = {
        COMP_CORE_SORT_FUNC, COMP_CORE_SORT_TABLE, COMP_CORE_SORT_MEMORY,
        COMP_CORE_SORT_GLOBAL, COMP_CORE_SORT_TAG, COMP_CORE_SORT_TYPE,
        COMP_CORE_SORT_MODULE, COMP_CORE_SORT_INSTANCE,
    };
    if (ns <= WC_CORE_INSTANCE)
        return (comp_sort){COMP_SORT_CORE, core_sorts[ns]};
    switch (ns) {
    case WC_FUNC: return (comp_sort){COMP_SORT_FUNC, 0};
    case WC_VALUE: return (comp_sort){COMP_SORT_VALUE, 0};
    case WC_TYPE: return (comp_sort){COMP_SORT_TYPE, 0};
    case WC_COMPONENT: return (comp_sort){COMP_SORT_COMPONENT, 0};
    default: return (comp_sort){COMP_SORT_INSTANCE, 0};
    }
}

uint8_t wc_ns_of_sort(comp_sort s)
{
    switch (s.sort) {
    case COMP_SORT_CORE:
        switch (s.core_sort) {
        case COMP_CORE_SORT_FUNC: return WC_CORE_FUNC;
        case COMP_CORE_SORT_TABLE: return WC_CORE_TABLE;
        case COMP_CORE_SORT_MEMORY: return WC_CORE_MEMORY;
        case COMP_CORE_SORT_GLOBAL: return WC_CORE_GLOBAL;
        case COMP_CORE_SORT_TAG: return WC_CORE_TAG;
        case COMP_CORE_SORT_TYPE: return WC_CORE_TYPE;
        case COMP_CORE_SORT_MODULE: return WC_CORE_MODULE;
        default: return WC_CORE_INSTANCE;
        }
    case COMP_SORT_FUNC: return WC_FUNC;
    case COMP_SORT_VALUE: return WC_VALUE;
    case COMP_SORT_TYPE: return WC_TYPE;
    case COMP_SORT_COMPONENT: return WC_COMPONENT;
    default: return WC_INSTANCE;
    }
}

bool wc_emit_alias(wc_ctx *cx, const comp_alias *a, const text_sexpr *id,
                   const text_sexpr *form, uint32_t *index)
{
    wc_scope *s = cx->scope;
    const text_sexpr *at = id;
    switch (s->kind) {
    case WC_SCOPE_COMPONENT: {
        comp_alias *slot = wc_append(cx, COMP_CSEC_ALIAS, at);
        if (!slot)
            return false;
        *slot = *a;
        break;
    }
    case WC_SCOPE_MODULE_TYPE: {
        if (a->target != COMP_ALIAS_OUTER || a->sort.sort != COMP_SORT_CORE ||
            a->sort.core_sort != COMP_CORE_SORT_TYPE)
            return wc_fail(cx, at, "module types can only alias outer core types");
        comp_moduledecl *d = comp_vec_push(cx->arena, &s->decls, sizeof *d);
        if (!d)
            return wc_oom(cx, at);
        d->kind = COMP_MODULEDECL_ALIAS;
        d->outer_count = a->outer_count;
        d->outer_index = a->outer_index;
        break;
    }
    default: {
        comp_decl *d = comp_vec_push(cx->arena, &s->decls, sizeof *d);
        if (!d)
            return wc_oom(cx, at);
        d->kind = COMP_DECL_ALIAS;
        d->alias = *a;
        break;
    }
    }
    uint32_t defined;
    if (!wc_define_in(cx, wc_ns_of_sort(a->sort), id, form, &defined))
        return false;
    if (index)
        *index = defined;
    /* An outer alias of a type keeps its definition reachable. */
    if (s->kind == WC_SCOPE_COMPONENT && a->target == COMP_ALIAS_OUTER &&
        a->sort.sort == COMP_SORT_TYPE) {
        const wc_scope *o = s;
        for (uint32_t k = 0; o && k < a->outer_count; k++)
            o = o->parent;
        if (o && o->kind == WC_SCOPE_COMPONENT && a->outer_index < o->type_defs.count)
            ((const comp_type **)s->type_defs.data)[defined] =
                ((const comp_type *const *)o->type_defs.data)[a->outer_index];
    }
    return true;
}

/* The scopes whose names outer aliases may reach from a given scope. In
 * module types only core types are looked up, and not outside. */
bool wc_resolve(wc_ctx *cx, uint8_t ns, const text_sexpr *ref, uint32_t *out)
{
    if (ref && ref->kind == SX_ATOM && ref->tok.kind == TOK_INT)
        return wc_u32(cx, ref, out);
    if (!wc_is_id(ref))
        return wc_fail(cx, ref, "expected an index or an identifier");
    uint32_t depth = 0;
    for (wc_scope *s = cx->scope; s; s = s->parent, depth++) {
        uint32_t found;
        if (!wc_lookup(s, ns, ref, &found)) {
            if (cx->scope->kind == WC_SCOPE_MODULE_TYPE)
                break;
            continue;
        }
        if (depth == 0) {
            *out = found;
            return true;
        }
        if (ns != WC_CORE_MODULE && ns != WC_CORE_TYPE && ns != WC_TYPE && ns != WC_COMPONENT)
            return wc_fail(cx, ref, "outer item $%.*s is not a module, type, or component",
                           (int)(ref->tok.value_len > 60 ? 60 : ref->tok.value_len),
                           (const char *)ref->tok.value);
        comp_alias a = {0};
        a.sort = wc_sort_of_ns(ns);
        a.target = COMP_ALIAS_OUTER;
        a.outer_count = depth;
        a.outer_index = found;
        a.offset = ref->tok.pos.offset;
        return wc_emit_alias(cx, &a, ref, NULL, out);
    }
    return wc_fail(cx, ref, "unknown %s $%.*s", ns_name(ns),
                   (int)(ref->tok.value_len > 60 ? 60 : ref->tok.value_len),
                   (const char *)ref->tok.value);
}

void wc_fixup_add(wc_ctx *cx, wc_fixups *f, uint32_t *slot, uint8_t ns, const text_sexpr *list,
                  uint32_t at, uint32_t names)
{
    if (f->items.cap == UINT32_MAX)
        return; /* an earlier push failed: no room is left */
    wc_fixup *x = comp_vec_push(cx->arena, &f->items, sizeof *x);
    if (!x) {
        /* Reported when resolving: a missing fixup would leave a wrong
         * index, so remember the failure in the vector itself. */
        f->items.cap = UINT32_MAX;
        return;
    }
    x->slot = slot;
    x->ns = ns;
    x->list = list;
    x->at = at;
    x->names = names;
}

static bool resolve_export_chain(wc_ctx *cx, const wc_fixup *x)
{
    const text_sexpr *idx = x->list->items[x->at];
    /* Core functions, tables, memories, globals and tags come from core
     * instances; everything else (core modules too) from instances. */
    bool core = x->ns <= WC_CORE_TAG;
    if (x->ns == WC_CORE_TYPE || x->ns == WC_CORE_INSTANCE)
        return wc_fail(cx, idx, "instances cannot export this kind of item");
    if (core) {
        if (x->names != 1)
            return wc_fail(cx, x->list->items[x->at + 2], "expected `)`");
    }
    uint32_t inst;
    if (!wc_resolve(cx, core ? WC_CORE_INSTANCE : WC_INSTANCE, idx, &inst))
        return false;
    for (uint32_t i = 0; i < x->names; i++) {
        comp_alias a = {0};
        const text_sexpr *name = x->list->items[x->at + 1 + i];
        if (!wc_name(cx, name, &a.name))
            return false;
        bool last = i + 1 == x->names;
        a.sort = wc_sort_of_ns(last ? x->ns : WC_INSTANCE);
        a.target = core ? COMP_ALIAS_CORE_EXPORT : COMP_ALIAS_EXPORT;
        a.instance = inst;
        a.offset = name->tok.pos.offset;
        if (!wc_emit_alias(cx, &a, NULL, NULL, &inst))
            return false;
    }
    *x->slot = inst;
    return true;
}

bool wc_fixups_resolve(wc_ctx *cx, wc_fixups *f)
{
    if (f->items.cap == UINT32_MAX)
        return wc_oom(cx, NULL);
    wc_fixup *xs = f->items.data;
    for (uint32_t i = 0; i < f->items.count; i++) {
        const wc_fixup *x = &xs[i];
        bool ok = x->names ? resolve_export_chain(cx, x)
                           : wc_resolve(cx, x->ns, x->list->items[x->at], x->slot);
        if (!ok)
            return false;
    }
    f->items.count = 0;
    return true;
}
