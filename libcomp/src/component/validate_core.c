/* Core definitions inside a component: core types (function and module
 * types), nested core modules, core instances and the matching of module
 * imports against instantiation arguments. */
#include "component/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *core_extern_name(uint8_t kind)
{
    switch (kind) {
    case COMP_EXTERN_FUNC: return "func";
    case COMP_EXTERN_TABLE: return "table";
    case COMP_EXTERN_MEMORY: return "memory";
    case COMP_EXTERN_GLOBAL: return "global";
    case COMP_EXTERN_TAG: return "tag";
    default: return "unknown";
    }
}

static const char *valtype_text(comp_valtype t)
{
    const char *name = comp_valtype_name(t);
    return name ? name : "unknown";
}

/* "(func (param i32) (result i32))", truncated to the buffer. */
static void functype_text(const comp_functype *ft, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "(func");
    if (ft->param_count && n < size) {
        n += (size_t)snprintf(buf + n, size - n, " (param");
        for (uint32_t i = 0; i < ft->param_count && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, " %s", valtype_text(ft->params[i]));
        if (n < size)
            n += (size_t)snprintf(buf + n, size - n, ")");
    }
    if (ft->result_count && n < size) {
        n += (size_t)snprintf(buf + n, size - n, " (result");
        for (uint32_t i = 0; i < ft->result_count && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, " %s", valtype_text(ft->results[i]));
        if (n < size)
            n += (size_t)snprintf(buf + n, size - n, ")");
    }
    if (n < size)
        snprintf(buf + n, size - n, ")");
}

vid core_func_node(vstate *s, const comp_functype *ft, size_t offset)
{
    vid id = node_new(s, VK_CORE_FUNC, offset);
    if (id != VID_NONE) {
        vnode *n = node_at(s, id);
        n->core_func = *ft;
        n->depth = n->size = 1;
    }
    return id;
}

/* ---- matching ---------------------------------------------------------------- */

static bool limits_match(const comp_limits *a, const comp_limits *e)
{
    if (a->min < e->min)
        return false;
    if (e->flags & COMP_LIMITS_HAS_MAX)
        return (a->flags & COMP_LIMITS_HAS_MAX) && a->max <= e->max;
    return true;
}

bool core_extern_matches(vstate *s, const vcore_extern *a, const vcore_extern *e, size_t offset)
{
    if (a->kind != e->kind)
        return v_fail(s, offset, "expected %s, found %s", core_extern_name(e->kind),
                      core_extern_name(a->kind));
    switch (e->kind) {
    case COMP_EXTERN_FUNC:
    case COMP_EXTERN_TAG: {
        const comp_functype *af = &node_at(s, a->func)->core_func;
        const comp_functype *ef = &node_at(s, e->func)->core_func;
        if (core_functype_equal(af, ef))
            return true;
        char want[96], got[96];
        functype_text(ef, want, sizeof want);
        functype_text(af, got, sizeof got);
        return v_fail(s, offset, "%s type mismatch: expected: %s, found: %s",
                      e->kind == COMP_EXTERN_TAG ? "tag" : "function", want, got);
    }
    case COMP_EXTERN_TABLE:
        if (a->table.elem != e->table.elem)
            return v_fail(s, offset, "expected table element type %s, found %s",
                          valtype_text(e->table.elem), valtype_text(a->table.elem));
        if ((a->table.limits.flags & COMP_LIMITS_64) != (e->table.limits.flags & COMP_LIMITS_64) ||
            !limits_match(&a->table.limits, &e->table.limits))
            return v_fail(s, offset, "mismatch in table limits");
        return true;
    case COMP_EXTERN_MEMORY:
        if ((a->memory.flags & COMP_LIMITS_SHARED) != (e->memory.flags & COMP_LIMITS_SHARED))
            return v_fail(s, offset, "mismatch in the shared flag for memories");
        if ((a->memory.flags & COMP_LIMITS_64) != (e->memory.flags & COMP_LIMITS_64))
            return v_fail(s, offset, "mismatch in index type used for memories");
        if (!limits_match(&a->memory, &e->memory))
            return v_fail(s, offset, "mismatch in memory limits");
        return true;
    case COMP_EXTERN_GLOBAL:
        if (a->global.type != e->global.type)
            return v_fail(s, offset, "expected global type %s, found %s",
                          valtype_text(e->global.type), valtype_text(a->global.type));
        if (a->global.mutability != e->global.mutability)
            return v_fail(s, offset, "global types differ in mutability");
        return true;
    default:
        return v_fail(s, offset, "unknown core external kind 0x%x", e->kind);
    }
}

/* ---- index spaces ---------------------------------------------------------------- */

bool core_push_item(vstate *s, vscope *sc, const vcore_extern *e, size_t offset)
{
    switch (e->kind) {
    case COMP_EXTERN_FUNC:
        return vvec_push(s, &sc->core_funcs, e->func, offset);
    case COMP_EXTERN_TAG:
        return vvec_push(s, &sc->core_tags, e->func, offset);
    default:
        break;
    }
    vcore_extern *items = comp_heap_reserve(sc->core_items, &sc->core_item_cap,
                                            (uint64_t)sc->core_item_count + 1, sizeof *items);
    if (!items)
        return v_oom(s, offset);
    sc->core_items = items;
    uint32_t at = sc->core_item_count++;
    sc->core_items[at] = *e;
    vvec *space = e->kind == COMP_EXTERN_TABLE ? &sc->core_tables
                  : e->kind == COMP_EXTERN_MEMORY ? &sc->core_memories
                                                  : &sc->core_globals;
    return vvec_push(s, space, at, offset);
}

static const char *core_sort_word(uint8_t sort)
{
    switch (sort) {
    case COMP_CORE_SORT_FUNC: return "function";
    case COMP_CORE_SORT_TABLE: return "table";
    case COMP_CORE_SORT_MEMORY: return "memory";
    case COMP_CORE_SORT_GLOBAL: return "global";
    case COMP_CORE_SORT_TAG: return "tag";
    default: return "item";
    }
}

bool core_item(vstate *s, vscope *sc, uint8_t sort, uint32_t index, vcore_extern *out,
               size_t offset)
{
    memset(out, 0, sizeof *out);
    const vvec *space;
    switch (sort) {
    case COMP_CORE_SORT_FUNC: space = &sc->core_funcs; break;
    case COMP_CORE_SORT_TABLE: space = &sc->core_tables; break;
    case COMP_CORE_SORT_MEMORY: space = &sc->core_memories; break;
    case COMP_CORE_SORT_GLOBAL: space = &sc->core_globals; break;
    case COMP_CORE_SORT_TAG: space = &sc->core_tags; break;
    default:
        return v_fail(s, offset, "core %s cannot be exported from a core instance",
                      sort_name(COMP_SORT_CORE, sort) + (sort == COMP_CORE_SORT_MODULE ? 0 : 5));
    }
    if (index >= space->len)
        return v_fail(s, offset, "unknown %s %u: %s index out of bounds", core_sort_word(sort),
                      index, core_sort_word(sort));
    if (sort == COMP_CORE_SORT_FUNC || sort == COMP_CORE_SORT_TAG) {
        out->kind = sort == COMP_CORE_SORT_FUNC ? COMP_EXTERN_FUNC : COMP_EXTERN_TAG;
        out->func = space->v[index];
        return true;
    }
    *out = sc->core_items[space->v[index]];
    return true;
}

/* ---- core types ----------------------------------------------------------------- */

/* The scope `count` levels out from `sc` (0 is sc itself). */
static vscope *outer_scope(vscope *sc, uint32_t count)
{
    while (sc && count--)
        sc = sc->parent;
    return sc;
}

/* Limits in a module type are held to the rules of a module's own
 * (core validation "Limits"): within the bound, min <= max. */
static bool decl_limits(vstate *s, const comp_limits *l, uint64_t bound, const char *too_large,
                        size_t offset)
{
    if (l->min > bound || ((l->flags & COMP_LIMITS_HAS_MAX) && l->max > bound))
        return v_fail(s, offset, "%s", too_large);
    if ((l->flags & COMP_LIMITS_HAS_MAX) && l->min > l->max)
        return v_fail(s, offset, "size minimum must not be greater than maximum");
    return true;
}

static bool decl_memory(vstate *s, const comp_limits *l, size_t offset)
{
    if ((l->flags & COMP_LIMITS_64) && !(s->features & COMP_FEATURE_MEMORY64))
        return v_fail(s, offset, "64-bit memories require the memory64 feature");
    if (l->flags & COMP_LIMITS_SHARED) {
        if (!(s->features & COMP_FEATURE_THREADS))
            return v_fail(s, offset, "shared memories require the threads feature");
        if (!(l->flags & COMP_LIMITS_HAS_MAX))
            return v_fail(s, offset, "shared memory must have maximum");
    }
    if (l->flags & COMP_LIMITS_64)
        return decl_limits(s, l, UINT64_C(1) << 48, "memory size must be at most 2**48 pages",
                           offset);
    return decl_limits(s, l, 65536, "memory size must be at most 65536 pages (4GiB)", offset);
}

static int import_name_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const vcore_named *im = ctx;
    int c = comp_str_cmp(im[a].module, im[b].module);
    return c ? c : comp_str_cmp(im[a].name, im[b].name);
}

/* Sorts the imports of module node `id` by (module, name) and rejects a
 * pair named twice: inside a component, two-level names are mangled into
 * one and must not collide (core-modules.wast). */
static bool module_imports_unique(vstate *s, vid id, size_t offset)
{
    uint32_t n = node_at(s, id)->core_import_count;
    uint32_t *idx = v_array(s, n ? n : 1, sizeof *idx, offset);
    if (!idx)
        return false;
    for (uint32_t i = 0; i < n; i++)
        idx[i] = i;
    const vcore_named *im = node_at(s, id)->core_imports;
    if (!sort_indices(s, idx, n, import_name_cmp, im, offset))
        return false;
    for (uint32_t i = 1; i < n; i++) {
        if (import_name_cmp(im, idx[i - 1], idx[i]) == 0) {
            const vcore_named *d = &im[idx[i]];
            return v_fail(s, offset, "duplicate import name `%.*s:%.*s`", (int)d->module.len,
                          d->module.data, (int)d->name.len, d->name.data);
        }
    }
    node_at(s, id)->core_import_sorted = idx;
    return true;
}

const vcore_named *core_module_import(vstate *s, vid module, comp_str mod, comp_str name)
{
    const vnode *n = node_at(s, module);
    vcore_named key = {mod, name, {0}};
    uint32_t lo = 0, hi = n->core_import_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const vcore_named *e = &n->core_imports[n->core_import_sorted[mid]];
        int c = comp_str_cmp(e->module, key.module);
        if (!c)
            c = comp_str_cmp(e->name, key.name);
        if (c == 0)
            return e;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A core:import/exportdecl descriptor resolved against `types`. */
static bool decl_extern(vstate *s, const vvec *types, const comp_import *item, size_t offset,
                        vcore_extern *out)
{
    memset(out, 0, sizeof *out);
    out->kind = item->kind;
    switch (item->kind) {
    case COMP_EXTERN_FUNC:
    case COMP_EXTERN_TAG: {
        uint32_t t = item->kind == COMP_EXTERN_FUNC ? item->desc.func_type : item->desc.tag.type;
        if (t >= types->len)
            return v_fail(s, offset, "unknown type %u: type index out of bounds", t);
        out->func = types->v[t];
        if (node_at(s, out->func)->kind != VK_CORE_FUNC)
            return v_fail(s, offset, "type index %u is not a function type", t);
        return true;
    }
    case COMP_EXTERN_TABLE:
        out->table = item->desc.table;
        return decl_limits(s, &out->table.limits, UINT32_MAX, "table size must be at most 2^32-1",
                           offset);
    case COMP_EXTERN_MEMORY:
        out->memory = item->desc.memory;
        return decl_memory(s, &out->memory, offset);
    case COMP_EXTERN_GLOBAL: out->global = item->desc.global; return true;
    default: return v_fail(s, offset, "unknown core external kind 0x%x", item->kind);
    }
}

static bool module_type(vstate *s, vscope *sc, const comp_core_type *t, vid *out)
{
    vvec types = {0};
    uint32_t imports = 0, exports = 0;
    for (uint32_t i = 0; i < t->decl_count; i++) {
        imports += t->decls[i].kind == COMP_MODULEDECL_IMPORT;
        exports += t->decls[i].kind == COMP_MODULEDECL_EXPORT;
    }
    vcore_named *im = v_array(s, imports ? imports : 1, sizeof *im, t->offset);
    vcore_named *ex = v_array(s, exports ? exports : 1, sizeof *ex, t->offset);
    bool ok = im && ex;
    imports = exports = 0;
    for (uint32_t i = 0; ok && i < t->decl_count; i++) {
        const comp_moduledecl *d = &t->decls[i];
        size_t off = d->offset ? d->offset : t->offset;
        switch (d->kind) {
        case COMP_MODULEDECL_IMPORT:
            im[imports].module = d->item.module;
            im[imports].name = d->item.name;
            ok = decl_extern(s, &types, &d->item, off, &im[imports++].e);
            break;
        case COMP_MODULEDECL_EXPORT:
            ex[exports].name = d->item.name;
            ok = decl_extern(s, &types, &d->item, off, &ex[exports++].e);
            break;
        case COMP_MODULEDECL_TYPE: {
            if (d->type->kind == COMP_CORE_TYPE_MODULE) {
                ok = v_fail(s, off, "module types cannot be nested");
                break;
            }
            vid f = core_func_node(s, &d->type->func, off);
            ok = f != VID_NONE && vvec_push(s, &types, f, off);
            break;
        }
        case COMP_MODULEDECL_ALIAS: {
            if (d->outer_count == 0) {
                if (d->outer_index >= types.len)
                    ok = v_fail(s, off, "unknown type %u: type index out of bounds", d->outer_index);
                else
                    ok = vvec_push(s, &types, types.v[d->outer_index], off);
                break;
            }
            vscope *target = outer_scope(sc, d->outer_count - 1);
            if (!target) {
                ok = v_fail(s, off, "invalid outer alias count of %u", d->outer_count);
                break;
            }
            if (d->outer_index >= target->core_types.len) {
                ok = v_fail(s, off, "unknown type %u: type index out of bounds", d->outer_index);
                break;
            }
            vid f = target->core_types.v[d->outer_index];
            if (node_at(s, f)->kind != VK_CORE_FUNC)
                ok = v_fail(s, off, "core type index %u is not a function type", d->outer_index);
            else
                ok = vvec_push(s, &types, f, off);
            break;
        }
        default:
            ok = v_fail(s, off, "invalid leading byte (0x%x) for module type declaration", d->kind);
        }
    }
    vvec_free(&types);
    if (!ok)
        return false;
    vid id = node_new(s, VK_CORE_MODULE, t->offset);
    if (id == VID_NONE)
        return false;
    vnode *n = node_at(s, id);
    n->core_imports = im;
    n->core_import_count = imports;
    n->core_exports = ex;
    n->core_export_count = exports;
    n->depth = n->size = 1;
    *out = id;
    if (!node_sort_exports(s, id, t->offset) || !module_imports_unique(s, id, t->offset))
        return false;
    n = node_at(s, id);
    for (uint32_t i = 1; i < n->core_export_count; i++) {
        comp_str a = n->core_exports[n->core_export_sorted[i]].name;
        if (comp_str_cmp(a, n->core_exports[n->core_export_sorted[i - 1]].name) == 0)
            return v_fail(s, t->offset, "export name `%.*s` already defined", (int)a.len, a.data);
    }
    return true;
}

bool core_define_type(vstate *s, vscope *sc, const comp_core_type *t)
{
    vid id = VID_NONE;
    switch (t->kind) {
    case COMP_CORE_TYPE_MODULE:
        if (!module_type(s, sc, t, &id))
            return false;
        break;
    case COMP_CORE_TYPE_SUB:
    case COMP_CORE_TYPE_SUB_FINAL:
        for (uint32_t i = 0; i < t->super_count; i++) {
            uint32_t sup = t->supers[i];
            if (sup >= sc->core_types.len)
                return v_fail(s, t->offset, "unknown type %u: type index out of bounds", sup);
            const vnode *p = node_at(s, sc->core_types.v[sup]);
            if (p->kind != VK_CORE_FUNC || !core_functype_equal(&p->core_func, &t->func))
                return v_fail(s, t->offset, "sub type %u does not match super type %u",
                              sc->core_types.len, sup);
        }
        id = core_func_node(s, &t->func, t->offset);
        break;
    default:
        id = core_func_node(s, &t->func, t->offset);
        break;
    }
    return id != VID_NONE && vvec_push(s, &sc->core_types, id, t->offset);
}

/* ---- nested modules ----------------------------------------------------------------- */

/* The extern type of item `index` of kind `kind` in module `m`, with the
 * module's function types turned into nodes on first use. */
typedef struct module_spaces {
    vvec func_types;   /* type index per function (imports first) */
    vvec tables, memories, globals, tags; /* import index or defined index | 1<<31 */
    vid *type_nodes;
} module_spaces;

static bool type_node(vstate *s, const comp_module *m, module_spaces *ms, uint32_t t,
                      size_t offset, vid *out)
{
    if (t >= m->type_count)
        return v_fail(s, offset, "unknown type %u: type index out of bounds", t);
    if (ms->type_nodes[t] == VID_NONE) {
        ms->type_nodes[t] = core_func_node(s, &m->types[t], offset);
        if (ms->type_nodes[t] == VID_NONE)
            return false;
    }
    *out = ms->type_nodes[t];
    return true;
}

enum { DEFINED = 1u << 31 };

static bool item_extern(vstate *s, const comp_module *m, module_spaces *ms, uint8_t kind,
                        uint32_t index, size_t offset, vcore_extern *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    const vvec *space = kind == COMP_EXTERN_FUNC     ? &ms->func_types
                        : kind == COMP_EXTERN_TABLE  ? &ms->tables
                        : kind == COMP_EXTERN_MEMORY ? &ms->memories
                        : kind == COMP_EXTERN_GLOBAL ? &ms->globals
                                                     : &ms->tags;
    if (index >= space->len)
        return v_fail(s, offset, "unknown %s %u in module", core_extern_name(kind), index);
    uint32_t x = space->v[index];
    switch (kind) {
    case COMP_EXTERN_FUNC:
        return type_node(s, m, ms, x, offset, &out->func);
    case COMP_EXTERN_TAG:
        return type_node(s, m, ms, (x & DEFINED) ? m->tags[x & ~DEFINED].type
                                                 : m->imports[x].desc.tag.type,
                         offset, &out->func);
    case COMP_EXTERN_TABLE:
        out->table = (x & DEFINED) ? m->tables[x & ~DEFINED] : m->imports[x].desc.table;
        return true;
    case COMP_EXTERN_MEMORY:
        out->memory = (x & DEFINED) ? m->memories[x & ~DEFINED] : m->imports[x].desc.memory;
        return true;
    default:
        out->global = (x & DEFINED) ? m->globals[x & ~DEFINED].type : m->imports[x].desc.global;
        return true;
    }
}

static bool build_spaces(vstate *s, const comp_module *m, module_spaces *ms, size_t off)
{
    for (uint32_t i = 0; i < m->import_count; i++) {
        const comp_import *im = &m->imports[i];
        bool ok = true;
        switch (im->kind) {
        case COMP_EXTERN_FUNC: ok = vvec_push(s, &ms->func_types, im->desc.func_type, off); break;
        case COMP_EXTERN_TABLE: ok = vvec_push(s, &ms->tables, i, off); break;
        case COMP_EXTERN_MEMORY: ok = vvec_push(s, &ms->memories, i, off); break;
        case COMP_EXTERN_GLOBAL: ok = vvec_push(s, &ms->globals, i, off); break;
        case COMP_EXTERN_TAG: ok = vvec_push(s, &ms->tags, i, off); break;
        default: break;
        }
        if (!ok)
            return false;
    }
    for (uint32_t i = 0; i < m->func_count; i++)
        if (!vvec_push(s, &ms->func_types, m->funcs[i], off))
            return false;
    for (uint32_t i = 0; i < m->table_count; i++)
        if (!vvec_push(s, &ms->tables, i | DEFINED, off))
            return false;
    for (uint32_t i = 0; i < m->memory_count; i++)
        if (!vvec_push(s, &ms->memories, i | DEFINED, off))
            return false;
    for (uint32_t i = 0; i < m->global_count; i++)
        if (!vvec_push(s, &ms->globals, i | DEFINED, off))
            return false;
    for (uint32_t i = 0; i < m->tag_count; i++)
        if (!vvec_push(s, &ms->tags, i | DEFINED, off))
            return false;
    return true;
}

bool core_add_module(vstate *s, vscope *sc, const comp_module *m)
{
    size_t off = m->offset;
    if (!comp_module_validate(m, s->features, s->err))
        return false;
    module_spaces ms = {0};
    ms.type_nodes = v_array(s, m->type_count ? m->type_count : 1, sizeof *ms.type_nodes, off);
    vcore_named *im = v_array(s, m->import_count ? m->import_count : 1, sizeof *im, off);
    vcore_named *ex = v_array(s, m->export_count ? m->export_count : 1, sizeof *ex, off);
    bool ok = ms.type_nodes && im && ex && build_spaces(s, m, &ms, off);
    for (uint32_t i = 0; ok && i < m->type_count; i++)
        ms.type_nodes[i] = VID_NONE;
    for (uint32_t i = 0; ok && i < m->import_count; i++) {
        const comp_import *ci = &m->imports[i];
        im[i].module = ci->module;
        im[i].name = ci->name;
        memset(&im[i].e, 0, sizeof im[i].e);
        im[i].e.kind = ci->kind;
        if (ci->kind == COMP_EXTERN_FUNC)
            ok = type_node(s, m, &ms, ci->desc.func_type, off, &im[i].e.func);
        else if (ci->kind == COMP_EXTERN_TAG)
            ok = type_node(s, m, &ms, ci->desc.tag.type, off, &im[i].e.func);
        else if (ci->kind == COMP_EXTERN_TABLE)
            im[i].e.table = ci->desc.table;
        else if (ci->kind == COMP_EXTERN_MEMORY)
            im[i].e.memory = ci->desc.memory;
        else
            im[i].e.global = ci->desc.global;
    }
    for (uint32_t i = 0; ok && i < m->export_count; i++) {
        ex[i].name = m->exports[i].name;
        ok = item_extern(s, m, &ms, m->exports[i].kind, m->exports[i].index, off, &ex[i].e);
    }
    vvec_free(&ms.func_types);
    vvec_free(&ms.tables);
    vvec_free(&ms.memories);
    vvec_free(&ms.globals);
    vvec_free(&ms.tags);
    if (!ok)
        return false;
    vid id = node_new(s, VK_CORE_MODULE, off);
    if (id == VID_NONE)
        return false;
    vnode *n = node_at(s, id);
    n->core_imports = im;
    n->core_import_count = m->import_count;
    n->core_exports = ex;
    n->core_export_count = m->export_count;
    n->depth = n->size = 1;
    return node_sort_exports(s, id, off) && module_imports_unique(s, id, off) &&
           vvec_push(s, &sc->core_modules, id, off);
}

/* ---- core instances -------------------------------------------------------------------- */

static int arg_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const comp_core_instance *ci = ctx;
    return comp_str_cmp(ci->args[a].name, ci->args[b].name);
}

static const comp_core_instantiate_arg *find_arg(const comp_core_instance *ci,
                                                 const uint32_t *sorted, comp_str name)
{
    return sorted_find(ci->args, sizeof *ci->args, offsetof(comp_core_instantiate_arg, name),
                       sorted, ci->arg_count, name);
}

static bool instantiate_module(vstate *s, vscope *sc, const comp_core_instance *ci, vid *out)
{
    size_t off = ci->offset;
    if (ci->module >= sc->core_modules.len)
        return v_fail(s, off, "unknown module %u: module index out of bounds", ci->module);
    uint32_t *sorted = v_array(s, ci->arg_count ? ci->arg_count : 1, sizeof *sorted, off);
    if (!sorted)
        return false;
    for (uint32_t i = 0; i < ci->arg_count; i++) {
        sorted[i] = i;
        if (ci->args[i].instance >= sc->core_instances.len)
            return v_fail(s, off, "unknown core instance %u: instance index out of bounds",
                          ci->args[i].instance);
    }
    if (!sort_indices(s, sorted, ci->arg_count, arg_cmp, ci, off))
        return false;
    for (uint32_t i = 1; i < ci->arg_count; i++)
        if (comp_str_cmp(ci->args[sorted[i]].name, ci->args[sorted[i - 1]].name) == 0)
            return v_fail(s, off, "duplicate module instantiation argument named `%.*s`",
                          (int)ci->args[sorted[i]].name.len, ci->args[sorted[i]].name.data);
    vid mod = sc->core_modules.v[ci->module];
    uint32_t n = node_at(s, mod)->core_import_count;
    for (uint32_t i = 0; i < n; i++) {
        vcore_named want = node_at(s, mod)->core_imports[i];
        const comp_core_instantiate_arg *arg = find_arg(ci, sorted, want.module);
        if (!arg)
            return v_fail(s, off, "missing module instantiation argument named `%.*s`",
                          (int)want.module.len, want.module.data);
        vid inst = sc->core_instances.v[arg->instance];
        const vcore_named *have = core_instance_export(s, inst, want.name);
        if (!have)
            return v_fail(s, off, "module instantiation argument `%.*s` does not export an item "
                          "named `%.*s`", (int)want.module.len, want.module.data,
                          (int)want.name.len, want.name.data);
        vcore_extern got = have->e;
        if (!core_extern_matches(s, &got, &want.e, off)) {
            char inner[sizeof s->err->message];
            memcpy(inner, s->err->message, sizeof inner);
            return v_fail(s, off, "type mismatch for export `%.*s` of module instantiation "
                          "argument `%.*s`: %.160s", (int)want.name.len, want.name.data,
                          (int)want.module.len, want.module.data, inner);
        }
    }
    vid id = node_new(s, VK_CORE_INSTANCE, off);
    if (id == VID_NONE)
        return false;
    vnode *inst = node_at(s, id);
    const vnode *m = node_at(s, mod);
    inst->core_exports = m->core_exports;
    inst->core_export_count = m->core_export_count;
    inst->core_export_sorted = m->core_export_sorted;
    inst->depth = inst->size = 1;
    *out = id;
    return true;
}

static bool inline_exports(vstate *s, vscope *sc, const comp_core_instance *ci, vid *out)
{
    size_t off = ci->offset;
    vcore_named *ex = v_array(s, ci->export_count ? ci->export_count : 1, sizeof *ex, off);
    if (!ex)
        return false;
    for (uint32_t i = 0; i < ci->export_count; i++) {
        ex[i].name = ci->exports[i].name;
        if (!core_item(s, sc, ci->exports[i].item.sort, ci->exports[i].item.index, &ex[i].e, off))
            return false;
    }
    vid id = node_new(s, VK_CORE_INSTANCE, off);
    if (id == VID_NONE)
        return false;
    vnode *n = node_at(s, id);
    n->core_exports = ex;
    n->core_export_count = ci->export_count;
    n->depth = n->size = 1;
    if (!node_sort_exports(s, id, off))
        return false;
    n = node_at(s, id);
    for (uint32_t i = 1; i < n->core_export_count; i++) {
        comp_str a = n->core_exports[n->core_export_sorted[i]].name;
        if (comp_str_cmp(a, n->core_exports[n->core_export_sorted[i - 1]].name) == 0)
            return v_fail(s, off, "export name `%.*s` already defined", (int)a.len, a.data);
    }
    *out = id;
    return true;
}

bool core_add_instance(vstate *s, vscope *sc, const comp_core_instance *ci)
{
    vid id = VID_NONE;
    bool ok = ci->kind == COMP_INSTANCE_INSTANTIATE ? instantiate_module(s, sc, ci, &id)
                                                    : inline_exports(s, sc, ci, &id);
    return ok && vvec_push(s, &sc->core_instances, id, ci->offset);
}
