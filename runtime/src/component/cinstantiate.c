/* Instantiating a component (Explainer.md): every definition in section
 * order, filling the instance's index spaces. Imports come from a resolver:
 * the linker at the root, the `with` arguments for nested components. */
#include "component/cinternal.h"
#include "async/async_internal.h"
#include "component/clinker.h"

#include <stdlib.h>
#include <string.h>

typedef struct resolver {
    const rt_clinker *linker;          /* root */
    rt_cinstance *parent;              /* nested: where the arguments live */
    const comp_instance *args;         /* nested */
} resolver;

static bool link_fail(rt_trap *trap, const char *fmt, comp_str name, const char *detail)
{
    ctrap(trap, fmt, (int)name.len, name.data, detail);
    trap->kind = RT_TRAP_LINK;
    return false;
}

static tspace types_of(rt_cinstance *inst)
{
    return (tspace){inst->items[COMP_SORT_TYPE], inst->counts[COMP_SORT_TYPE]};
}

static bool push(rt_cinstance *inst, const citem *it, rt_trap *trap)
{
    return cinstance_push(inst, it) || ctrap(trap, "out of memory");
}

static bool push_core(rt_cinstance *inst, rt_extern e, rt_trap *trap)
{
    uint8_t k = e.kind;
    if (k > COMP_EXTERN_TAG)
        return ctrap(trap, "core sort not supported by the runtime");
    if (inst->core_counts[k] == inst->core_caps[k]) {
        uint32_t cap = inst->core_caps[k] ? inst->core_caps[k] * 2 : 16;
        rt_extern *p = realloc(inst->core_items[k], (size_t)cap * sizeof *p);
        if (!p)
            return ctrap(trap, "out of memory");
        inst->core_items[k] = p, inst->core_caps[k] = cap;
    }
    inst->core_items[k][inst->core_counts[k]++] = e;
    return true;
}

static bool core_export(const ccore_inst *ci, comp_str name, rt_extern *out)
{
    if (ci->real)
        return rt_instance_export(ci->real, name.data, name.len, out);
    for (uint32_t i = 0; i < ci->count; i++)
        if (ci->names[i].len == name.len && memcmp(ci->names[i].data, name.data, name.len) == 0) {
            *out = ci->items[i];
            return true;
        }
    return false;
}

static bool push_core_instance(rt_cinstance *inst, ccore_inst ci, rt_trap *trap)
{
    if (inst->core_instance_count == inst->core_instance_cap) {
        uint32_t cap = inst->core_instance_cap ? inst->core_instance_cap * 2 : 8;
        ccore_inst *p = realloc(inst->core_instances, (size_t)cap * sizeof *p);
        if (!p)
            return ctrap(trap, "out of memory");
        inst->core_instances = p, inst->core_instance_cap = cap;
    }
    inst->core_instances[inst->core_instance_count++] = ci;
    return true;
}

static const rt_module *find_module(const rt_component *rc, const comp_module *m)
{
    for (uint32_t i = 0; i < rc->module_count; i++)
        if (rc->sources[i] == m)
            return rc->modules[i];
    return NULL;
}

static bool grow_modules(rt_cinstance *inst)
{
    if (inst->module_count < inst->module_cap)
        return true;
    uint32_t cap = inst->module_cap ? inst->module_cap * 2 : 8;
    const rt_module **p = realloc(inst->modules, (size_t)cap * sizeof *p);
    if (!p)
        return false;
    inst->modules = p, inst->module_cap = cap;
    return true;
}

/* ---- core instances ---------------------------------------------------------------- */

static bool core_instance(rt_cinstance *inst, const comp_core_instance *d, rt_trap *trap)
{
    ccore_inst ci = {0};
    if (d->kind == COMP_INSTANCE_EXPORTS) {
        ci.count = d->export_count;
        ci.names = calloc(ci.count ? ci.count : 1, sizeof *ci.names);
        ci.items = calloc(ci.count ? ci.count : 1, sizeof *ci.items);
        if (!ci.names || !ci.items) {
            free(ci.names), free(ci.items);
            return ctrap(trap, "out of memory");
        }
        for (uint32_t i = 0; i < ci.count; i++) {
            uint8_t k = d->exports[i].item.sort;
            uint32_t idx = d->exports[i].item.index;
            ci.names[i] = d->exports[i].name;
            if (k > COMP_EXTERN_TAG || idx >= inst->core_counts[k]) {
                free(ci.names), free(ci.items);
                return ctrap(trap, "core export item out of range");
            }
            ci.items[i] = inst->core_items[k][idx];
        }
        return push_core_instance(inst, ci, trap) || (free(ci.names), free(ci.items), false);
    }
    if (d->module >= inst->module_count)
        return ctrap(trap, "core module index out of range");
    const rt_module *m = inst->modules[d->module];
    const comp_module *src = rt_module_source(m);
    rt_extern *imports = calloc(src->import_count ? src->import_count : 1, sizeof *imports);
    if (!imports)
        return ctrap(trap, "out of memory");
    bool ok = true;
    for (uint32_t i = 0; ok && i < src->import_count; i++) {
        const comp_import *imp = &src->imports[i];
        const ccore_inst *from = NULL;
        for (uint32_t a = 0; a < d->arg_count; a++)
            if (d->args[a].name.len == imp->module.len &&
                memcmp(d->args[a].name.data, imp->module.data, imp->module.len) == 0 &&
                d->args[a].instance < inst->core_instance_count)
                from = &inst->core_instances[d->args[a].instance];
        if (!from || !core_export(from, imp->name, &imports[i]))
            ok = link_fail(trap, "missing core import `%.*s`%s", imp->name, "");
    }
    rt_instance *ri = NULL;
    ok = ok && rt_instantiate(inst->store->core, m, imports, src->import_count, &ri, trap);
    free(imports);
    if (!ok)
        return false;
    ci.real = ri;
    return push_core_instance(inst, ci, trap);
}

/* ---- imports ------------------------------------------------------------------------- */

static bool host_func(rt_cinstance *inst, const cldef *d, const rt_cfunctype *ft, comp_str name,
                      citem *out, rt_trap *trap)
{
    if (d->type) {
        /* `async` is part of the type (Explainer.md functype), as in
         * libcomp's subtyping: it must match both ways. */
        if (d->type->async != ft->async)
            return link_fail(trap, "incompatible import type for `%.*s`%s", name,
                             ft->async ? ": expected an async function, found a sync function"
                                       : ": expected a sync function, found an async function");
        bool same = d->type->param_count == ft->param_count &&
                    !d->type->result == !ft->result &&
                    (!ft->result || rt_ctype_equal(d->type->result, ft->result));
        for (uint32_t i = 0; same && i < ft->param_count; i++)
            same = rt_ctype_equal(d->type->params[i], ft->params[i]);
        if (!same)
            return link_fail(trap, "incompatible import type for `%.*s`%s", name,
                             ": host function type differs");
    }
    rt_cfunc *f = comp_arena_alloc(&inst->store->arena, sizeof *f);
    if (!f)
        return ctrap(trap, "out of memory");
    f->kind = CF_HOST, f->type = ft, f->fn = d->fn, f->user = d->user, f->store = inst->store;
    *out = (citem){.sort = COMP_SORT_FUNC, .func = f};
    return true;
}

/* Builds an instance from host definitions made under interface `name`,
 * reading the import's instance type declarations. */
static bool host_instance(rt_cinstance *inst, const rt_clinker *l, comp_str name, const tyent *te,
                          citem *out, rt_trap *trap)
{
    if (te->kind != TE_DECL || te->decl->kind != COMP_TYPE_INSTANCE)
        return ctrap(trap, "instance import without an instance type");
    rt_cinstance *bag = cinstance_new(inst->store, inst, true);
    rt_cinstance *local = cinstance_new(inst->store, te->scope, true); /* the type's own space */
    if (!bag || !local)
        return ctrap(trap, "out of memory");
    for (uint32_t i = 0; i < te->decl->u.decls.decl_count; i++) {
        const comp_decl *d = &te->decl->u.decls.decls[i];
        citem it = {.sort = COMP_SORT_TYPE};
        switch (d->kind) {
        case COMP_DECL_CORE_TYPE:
            continue;
        case COMP_DECL_TYPE:
            if (!resolve_deftype(local, types_of(local), d->type, &it.type, trap) || !push(local, &it, trap))
                return false;
            continue;
        case COMP_DECL_ALIAS: {
            const comp_alias *a = &d->alias;
            rt_cinstance *from = te->scope;
            for (uint32_t k = 1; from && k < a->outer_count; k++)
                from = from->parent;
            if (a->target != COMP_ALIAS_OUTER || a->sort.sort != COMP_SORT_TYPE || !from ||
                a->outer_count == 0 || a->outer_index >= from->counts[COMP_SORT_TYPE])
                return ctrap(trap, "alias in an instance type not supported by the runtime");
            if (!push(local, &from->items[COMP_SORT_TYPE][a->outer_index], trap))
                return false;
            continue;
        }
        case COMP_DECL_EXPORT:
            break;
        default:
            return ctrap(trap, "declaration not supported in an instance type");
        }
        const comp_externtype *et = &d->extern_type;
        comp_str ename = d->name.name;
        if (et->kind == COMP_SORT_FUNC) {
            if (et->index >= local->counts[COMP_SORT_TYPE] ||
                local->items[COMP_SORT_TYPE][et->index].type.kind != TE_FUNC)
                return ctrap(trap, "function export without a function type");
            const cldef *hd = clinker_find(l, name, ename, CLDEF_FUNC);
            if (!hd && !clinker_has_interface(l, name))
                return link_fail(trap, "unknown import: nothing provides `%.*s`", name, "");
            if (!hd)
                return link_fail(trap, "unknown import: `%.*s` has no function `%s`", name,
                                 comp_arena_strndup(&inst->store->arena, ename.data, ename.len));
            if (!host_func(inst, hd, local->items[COMP_SORT_TYPE][et->index].type.func, ename, &it, trap))
                return false;
        } else if (et->kind == COMP_SORT_TYPE) {
            if (et->bound == COMP_BOUND_SUB_RESOURCE) {
                const cldef *hd = clinker_find(l, name, ename, CLDEF_RESOURCE);
                if (!hd && !clinker_has_interface(l, name))
                    return link_fail(trap, "unknown import: nothing provides `%.*s`", name, "");
                if (!hd)
                    return link_fail(trap, "unknown import: `%.*s` has no resource `%s`", name,
                                     comp_arena_strndup(&inst->store->arena, ename.data, ename.len));
                it.type = (tyent){.kind = TE_RESOURCE, .resource = hd->resource};
            } else if (et->index < local->counts[COMP_SORT_TYPE]) {
                it.type = local->items[COMP_SORT_TYPE][et->index].type;
            } else {
                return ctrap(trap, "type export out of range");
            }
            if (!push(local, &it, trap))
                return false;
        } else {
            return link_fail(trap, "import `%.*s`: %s", name,
                             "only functions and types are supported in host instances");
        }
        if (!cinstance_export(bag, ename, &it))
            return ctrap(trap, "out of memory");
    }
    *out = (citem){.sort = COMP_SORT_INSTANCE, .instance = bag};
    return true;
}

static bool root_import(rt_cinstance *inst, const rt_clinker *l, const comp_cimport *imp,
                        citem *out, rt_trap *trap)
{
    comp_str name = imp->name.name, none = {NULL, 0};
    const comp_externtype *et = &imp->type;
    const cldef *d = clinker_find(l, none, name, CLDEF_INSTANCE);
    if (d) {
        if (!d->export_name.data) {
            *out = (citem){.sort = COMP_SORT_INSTANCE, .instance = d->inst};
        } else {
            const cnamed *e = cinstance_find(d->inst, d->export_name);
            if (!e)
                return link_fail(trap, "import `%.*s`: %s", name, "the instance has no such export");
            *out = e->item;
        }
        if (out->sort != et->kind)
            return link_fail(trap, "incompatible import type for `%.*s`%s", name, "");
        return true;
    }
    tspace sp = types_of(inst);
    switch (et->kind) {
    case COMP_SORT_FUNC:
        d = clinker_find(l, none, name, CLDEF_FUNC);
        if (!d)
            return link_fail(trap, "unknown import `%.*s`%s", name, "");
        if (et->index >= sp.count || sp.items[et->index].type.kind != TE_FUNC)
            return ctrap(trap, "function import without a function type");
        return host_func(inst, d, sp.items[et->index].type.func, name, out, trap);
    case COMP_SORT_INSTANCE:
        if (et->index >= sp.count)
            return ctrap(trap, "instance type out of range");
        return host_instance(inst, l, name, &sp.items[et->index].type, out, trap);
    case COMP_SORT_TYPE:
        *out = (citem){.sort = COMP_SORT_TYPE};
        if (et->bound == COMP_BOUND_EQ) {
            if (et->index >= sp.count)
                return ctrap(trap, "type out of range");
            out->type = sp.items[et->index].type;
            return true;
        }
        d = clinker_find(l, none, name, CLDEF_RESOURCE);
        if (!d)
            return link_fail(trap, "unknown import `%.*s`%s", name, "");
        out->type = (tyent){.kind = TE_RESOURCE, .resource = d->resource};
        return true;
    case COMP_SORT_VALUE:
        return link_fail(trap, "import `%.*s`: %s", name,
                         "component values (the `value` sort) are not supported by the runtime");
    default:
        return link_fail(trap, "import `%.*s`: %s", name, "this sort of import is not supported");
    }
}

static bool import_item(rt_cinstance *inst, const resolver *r, const comp_cimport *imp, citem *out,
                        rt_trap *trap)
{
    if (r->linker || !r->args)
        return root_import(inst, r->linker, imp, out, trap);
    comp_str name = imp->name.name;
    for (uint32_t i = 0; i < r->args->arg_count; i++) {
        const comp_instantiate_arg *a = &r->args->args[i];
        if (a->name.len != name.len || memcmp(a->name.data, name.data, name.len) != 0)
            continue;
        uint8_t k = a->item.sort.sort;
        if (k == COMP_SORT_CORE) {
            if (a->item.index >= r->parent->module_count)
                return ctrap(trap, "argument out of range");
            *out = (citem){.sort = COMP_SORT_CORE, .module = r->parent->modules[a->item.index]};
            return true;
        }
        if (k == COMP_SORT_VALUE)
            return ctrap(trap, "argument `%.*s`: component values (the `value` sort) are not supported by the runtime",
                         (int)name.len, name.data);
        if (k > COMP_SORT_INSTANCE || k == COMP_SORT_VALUE || a->item.index >= r->parent->counts[k])
            return ctrap(trap, "argument `%.*s` not supported or out of range", (int)name.len, name.data);
        *out = r->parent->items[k][a->item.index];
        return true;
    }
    /* A type import with an `eq` bound needs no argument. */
    if (imp->type.kind == COMP_SORT_TYPE && imp->type.bound == COMP_BOUND_EQ &&
        imp->type.index < inst->counts[COMP_SORT_TYPE]) {
        *out = inst->items[COMP_SORT_TYPE][imp->type.index];
        return true;
    }
    return link_fail(trap, "missing argument for import `%.*s`%s", name, "");
}

/* ---- canon ------------------------------------------------------------------------------ */

static bool read_opts(rt_cinstance *inst, const comp_canon *c, copts *o, rt_trap *trap)
{
    *o = (copts){.enc = ENC_UTF8};
    for (uint32_t i = 0; i < c->opt_count; i++) {
        const comp_canonopt *op = &c->opts[i];
        uint32_t x = op->index;
        switch (op->kind) {
        case COMP_OPT_UTF8: o->enc = ENC_UTF8; break;
        case COMP_OPT_UTF16: o->enc = ENC_UTF16; break;
        case COMP_OPT_LATIN1_UTF16: o->enc = ENC_LATIN1_UTF16; break;
        case COMP_OPT_MEMORY:
            if (x >= inst->core_counts[COMP_EXTERN_MEMORY])
                return ctrap(trap, "memory option out of range");
            o->memory = inst->core_items[COMP_EXTERN_MEMORY][x].of.memory;
            break;
        case COMP_OPT_REALLOC: case COMP_OPT_POST_RETURN:
            if (x >= inst->core_counts[COMP_EXTERN_FUNC])
                return ctrap(trap, "function option out of range");
            *(op->kind == COMP_OPT_REALLOC ? &o->realloc : &o->post_return) =
                inst->core_items[COMP_EXTERN_FUNC][x].of.func;
            break;
        case COMP_OPT_ASYNC: o->async = true; break;
        case COMP_OPT_CALLBACK:
            if (x >= inst->core_counts[COMP_EXTERN_FUNC])
                return ctrap(trap, "function option out of range");
            o->callback = inst->core_items[COMP_EXTERN_FUNC][x].of.func;
            break;
        default:
            return ctrap(trap, "canonical option 0x%02x is not supported by the runtime", op->kind);
        }
    }
    return true;
}

static bool canon(rt_cinstance *inst, const comp_canon *c, rt_trap *trap)
{
    tspace sp = types_of(inst);
    copts o;
    switch (c->op) {
    case COMP_CANON_LIFT: {
        if (!read_opts(inst, c, &o, trap))
            return false;
        if (c->func >= inst->core_counts[COMP_EXTERN_FUNC] || c->type >= sp.count ||
            sp.items[c->type].type.kind != TE_FUNC)
            return ctrap(trap, "canon lift: index out of range");
        rt_cfunc *f = comp_arena_alloc(&inst->store->arena, sizeof *f);
        if (!f)
            return ctrap(trap, "out of memory");
        f->kind = CF_LIFTED, f->type = sp.items[c->type].type.func, f->inst = inst;
        f->core = inst->core_items[COMP_EXTERN_FUNC][c->func].of.func, f->opts = o;
        f->store = inst->store;
        citem it = {.sort = COMP_SORT_FUNC, .func = f};
        return push(inst, &it, trap);
    }
    case COMP_CANON_LOWER: {
        if (!read_opts(inst, c, &o, trap))
            return false;
        if (c->func >= inst->counts[COMP_SORT_FUNC])
            return ctrap(trap, "canon lower: index out of range");
        rt_func *f = lower_trampoline(inst, inst->items[COMP_SORT_FUNC][c->func].func, &o, trap);
        return f && push_core(inst, (rt_extern){.kind = COMP_EXTERN_FUNC, .of.func = f}, trap);
    }
    case COMP_CANON_RESOURCE_NEW: case COMP_CANON_RESOURCE_DROP: case COMP_CANON_RESOURCE_REP: {
        if (c->type >= sp.count || sp.items[c->type].type.kind != TE_RESOURCE)
            return ctrap(trap, "resource built-in: not a resource type");
        rt_func *f = resource_builtin(inst, c->op, sp.items[c->type].type.resource, trap);
        return f && push_core(inst, (rt_extern){.kind = COMP_EXTERN_FUNC, .of.func = f}, trap);
    }
    default: {
        /* The concurrency built-ins (runtime/src/async). */
        const rt_ctype *t = NULL;
        bool typed = c->op >= COMP_CANON_STREAM_NEW && c->op <= COMP_CANON_FUTURE_DROP_WRITABLE;
        if (typed) {
            if (c->type >= sp.count || sp.items[c->type].type.kind != TE_VAL)
                return ctrap(trap, "%s: not a stream or future type", comp_canon_name(c->op));
            t = sp.items[c->type].type.val;
        } else if (c->op == COMP_CANON_TASK_RETURN && c->has_result &&
                   !(t = resolve_val(sp, c->result, trap))) {
            return false;
        }
        if (!read_opts(inst, c, &o, trap))
            return false;
        rt_func *f = async_builtin(inst, c, t, &o, trap);
        return f && push_core(inst, (rt_extern){.kind = COMP_EXTERN_FUNC, .of.func = f}, trap);
    }
    }
}

/* ---- aliases, instances, exports ---------------------------------------------------------- */

static bool alias(rt_cinstance *inst, const comp_alias *a, rt_trap *trap)
{
    uint8_t k = a->sort.sort;
    if (a->target == COMP_ALIAS_CORE_EXPORT) {
        rt_extern e;
        if (a->instance >= inst->core_instance_count ||
            !core_export(&inst->core_instances[a->instance], a->name, &e))
            return ctrap(trap, "core export `%.*s` not found", (int)a->name.len, a->name.data);
        return push_core(inst, e, trap);
    }
    if (a->target == COMP_ALIAS_EXPORT) {
        if (a->instance >= inst->counts[COMP_SORT_INSTANCE])
            return ctrap(trap, "instance index out of range");
        const cnamed *e = cinstance_find(inst->items[COMP_SORT_INSTANCE][a->instance].instance, a->name);
        if (!e)
            return ctrap(trap, "export `%.*s` not found", (int)a->name.len, a->name.data);
        if (k == COMP_SORT_CORE) {
            if (e->item.sort != COMP_SORT_CORE || !grow_modules(inst))
                return ctrap(trap, "bad core module alias");
            inst->modules[inst->module_count++] = e->item.module;
            return true;
        }
        return push(inst, &e->item, trap);
    }
    /* outer: walk out through enclosing instances */
    rt_cinstance *from = inst;
    for (uint32_t i = 0; from && i < a->outer_count; i++)
        from = from->parent;
    if (!from)
        return ctrap(trap, "outer alias out of range");
    if (k == COMP_SORT_CORE) {
        if (a->sort.core_sort != COMP_CORE_SORT_MODULE) {
            if (a->sort.core_sort == COMP_CORE_SORT_TYPE)
                return true; /* core types have no runtime presence */
            return ctrap(trap, "outer alias of this sort not supported");
        }
        if (a->outer_index >= from->module_count || !grow_modules(inst))
            return ctrap(trap, "outer alias out of range");
        inst->modules[inst->module_count++] = from->modules[a->outer_index];
        return true;
    }
    if (k > COMP_SORT_INSTANCE || k == COMP_SORT_VALUE || a->outer_index >= from->counts[k])
        return ctrap(trap, "outer alias out of range");
    return push(inst, &from->items[k][a->outer_index], trap);
}

static bool instantiate_in(rt_cinstance *inst, const rt_component *rc, const comp_component *c,
                           const resolver *r, rt_trap *trap);

static bool instance(rt_cinstance *inst, const rt_component *rc, const comp_instance *d,
                     rt_trap *trap)
{
    citem it = {.sort = COMP_SORT_INSTANCE};
    if (d->kind == COMP_INSTANCE_EXPORTS) {
        rt_cinstance *bag = cinstance_new(inst->store, inst, true);
        if (!bag)
            return ctrap(trap, "out of memory");
        for (uint32_t i = 0; i < d->export_count; i++) {
            const comp_sortidx *s = &d->exports[i].item;
            citem e;
            if (s->sort.sort == COMP_SORT_CORE) {
                if (s->index >= inst->module_count)
                    return ctrap(trap, "export out of range");
                e = (citem){.sort = COMP_SORT_CORE, .module = inst->modules[s->index]};
            } else if (s->sort.sort > COMP_SORT_INSTANCE || s->sort.sort == COMP_SORT_VALUE ||
                       s->index >= inst->counts[s->sort.sort]) {
                return ctrap(trap, "export not supported or out of range");
            } else {
                e = inst->items[s->sort.sort][s->index];
            }
            if (!cinstance_export(bag, d->exports[i].name.name, &e))
                return ctrap(trap, "out of memory");
        }
        it.instance = bag;
        return push(inst, &it, trap);
    }
    if (d->component >= inst->counts[COMP_SORT_COMPONENT])
        return ctrap(trap, "component index out of range");
    const citem *ci = &inst->items[COMP_SORT_COMPONENT][d->component];
    rt_cinstance *child = cinstance_new(inst->store, ci->component_outer, false);
    if (!child)
        return ctrap(trap, "out of memory");
    child->instantiator = inst;
    resolver r = {.parent = inst, .args = d};
    if (!instantiate_in(child, rc, ci->component, &r, trap))
        return false;
    it.instance = child;
    return push(inst, &it, trap);
}

static bool export_item(rt_cinstance *inst, const comp_cexport *e, rt_trap *trap)
{
    citem it;
    const comp_sortidx *s = &e->item;
    if (s->sort.sort == COMP_SORT_CORE) {
        if (s->index >= inst->module_count || !grow_modules(inst))
            return ctrap(trap, "export out of range");
        it = (citem){.sort = COMP_SORT_CORE, .module = inst->modules[s->index]};
        inst->modules[inst->module_count++] = it.module;
    } else {
        if (s->sort.sort == COMP_SORT_VALUE)
            return ctrap(trap, "export `%.*s`: component values (the `value` sort) are not supported by the runtime",
                         (int)e->name.name.len, e->name.name.data);
        if (s->sort.sort > COMP_SORT_INSTANCE || s->sort.sort == COMP_SORT_VALUE ||
            s->index >= inst->counts[s->sort.sort])
            return ctrap(trap, "export not supported or out of range");
        it = inst->items[s->sort.sort][s->index];
        if (it.sort == COMP_SORT_TYPE && it.type.kind == TE_RESOURCE && it.type.resource->impl == inst &&
            strcmp(it.type.resource->name, "resource") == 0) {
            char *n = comp_arena_strndup(&inst->store->arena, e->name.name.data, e->name.name.len);
            if (n)
                it.type.resource->name = n;
        }
        if (!push(inst, &it, trap))
            return false;
    }
    return cinstance_export(inst, e->name.name, &it) || ctrap(trap, "out of memory");
}

static bool start(rt_cinstance *inst, const comp_start *s, rt_trap *trap)
{
    if (s->arg_count || s->result_count)
        return ctrap(trap, "start function with %u argument(s) and %u result(s): component values "
                           "(the `value` sort) are not supported by the runtime",
                     s->arg_count, s->result_count);
    if (s->func >= inst->counts[COMP_SORT_FUNC])
        return ctrap(trap, "start function out of range");
    comp_arena a;
    comp_arena_init(&a);
    rt_cval unused;
    bool ok = cfunc_call(inst->items[COMP_SORT_FUNC][s->func].func, NULL, NULL, &unused, &a, trap);
    comp_arena_free(&a);
    return ok;
}

static bool instantiate_in(rt_cinstance *inst, const rt_component *rc, const comp_component *c,
                           const resolver *r, rt_trap *trap)
{
    for (uint32_t si = 0; si < c->section_count; si++) {
        const comp_component_section *sec = &c->sections[si];
        for (uint32_t j = sec->first; j < sec->first + sec->count; j++) {
            bool ok = true;
            citem it = {0};
            switch (sec->id) {
            case COMP_CSEC_CUSTOM: case COMP_CSEC_CORE_TYPE:
                break;
            case COMP_CSEC_CORE_MODULE: {
                const rt_module *m = find_module(rc, c->modules[j]);
                ok = m && grow_modules(inst) ? (inst->modules[inst->module_count++] = m, true)
                                             : ctrap(trap, "core module not prepared");
                break;
            }
            case COMP_CSEC_CORE_INSTANCE:
                ok = core_instance(inst, &c->core_instances[j], trap);
                break;
            case COMP_CSEC_COMPONENT:
                it = (citem){.sort = COMP_SORT_COMPONENT, .component = c->components[j],
                             .component_outer = inst};
                ok = push(inst, &it, trap);
                break;
            case COMP_CSEC_INSTANCE:
                ok = instance(inst, rc, &c->instances[j], trap);
                break;
            case COMP_CSEC_ALIAS:
                ok = alias(inst, &c->aliases[j], trap);
                break;
            case COMP_CSEC_TYPE:
                it.sort = COMP_SORT_TYPE;
                ok = resolve_deftype(inst, types_of(inst), &c->types[j], &it.type, trap) &&
                     push(inst, &it, trap);
                break;
            case COMP_CSEC_CANON:
                ok = canon(inst, &c->canons[j], trap);
                break;
            case COMP_CSEC_START:
                ok = start(inst, &c->starts[j], trap);
                break;
            case COMP_CSEC_IMPORT:
                ok = import_item(inst, r, &c->imports[j], &it, trap);
                if (ok && it.sort == COMP_SORT_CORE)
                    ok = grow_modules(inst) ? (inst->modules[inst->module_count++] = it.module, true)
                                            : ctrap(trap, "out of memory");
                else if (ok)
                    ok = push(inst, &it, trap);
                break;
            case COMP_CSEC_EXPORT:
                ok = export_item(inst, &c->exports[j], trap);
                break;
            default:
                ok = ctrap(trap, "component values (the `value` sort) are not supported by the runtime");
                break;
            }
            if (!ok)
                return false;
        }
    }
    return true;
}

bool rt_cinstantiate(rt_cstore *store, const rt_clinker *linker, const rt_component *c,
                     rt_cinstance **out, rt_trap *trap)
{
    if (linker && !clink_typecheck(linker, c, trap))
        return false;
    rt_cinstance *inst = cinstance_new(store, NULL, false);
    if (!inst)
        return ctrap(trap, "out of memory");
    inst->source = c;
    resolver r = {.linker = linker};
    if (!instantiate_in(inst, c, c->c, &r, trap))
        return false;
    *out = inst;
    return true;
}
