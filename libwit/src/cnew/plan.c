/* Deciding how every import is satisfied and what is exported. */
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const comp_export *cn_module_export(const comp_module *m, const char *name, uint8_t kind)
{
    for (uint32_t i = 0; i < m->export_count; i++)
        if (m->exports[i].kind == kind && cn_str_eq(m->exports[i].name, name))
            return &m->exports[i];
    return NULL;
}

static uint32_t find_adapter(const cn_plan *p, comp_str module)
{
    for (uint32_t i = 1; i < p->unit_count; i++)
        if (cn_str_eq(module, p->units[i].name))
            return i;
    return UINT32_MAX;
}

/* An interface import: found in the unit's world, with the core type the
 * canonical ABI gives it. */
static bool iface_import(cn_plan *p, cn_unit *u, const comp_import *im, cn_lower *lw, comp_error *err)
{
    const char *why = NULL;
    if (!cn_find_import(&u->world, im->module, im->name, &lw->target, &why))
        return comp_error_set(err, im->offset, "%s: import `%.*s` `%.*s` cannot be satisfied: %s", u->who,
                              (int)im->module.len, im->module.data, (int)im->name.len, im->name.data, why);
    lw->kind = CN_LOWER_IFACE;
    comp_functype want;
    if (lw->target.func) {
        if (!cn_core_signature(u->world.r, lw->target.func, true, p->arena, &want, err))
            return false;
        lw->opts = cn_required_options(u->world.r, lw->target.func, true);
    } else {
        /* resource.drop: (param i32); resource.new and .rep: (param i32) (result i32) */
        static comp_valtype i32 = COMP_I32;
        want = (comp_functype){1, lw->target.form == CN_FORM_RESOURCE_DROP ? 0 : 1, &i32, &i32};
    }
    const comp_functype *have = &u->m->types[im->desc.func_type];
    if (!cn_functype_eq(&want, have)) {
        char a[256], b[256];
        cn_functype_text(&want, a, sizeof a);
        cn_functype_text(have, b, sizeof b);
        return comp_error_set(err, im->offset, "%s: import `%.*s` `%.*s`: expected type %s, found %s", u->who,
                              (int)im->module.len, im->module.data, (int)im->name.len, im->name.data, a, b);
    }
    return true;
}

static int compare_names(comp_str x, comp_str y)
{
    if (x.len != y.len)
        return x.len < y.len ? -1 : 1;
    return x.len ? memcmp(x.data, y.data, x.len) : 0;
}

static int compare_lowers(const void *a, const void *b)
{
    const cn_lower *x = *(const cn_lower *const *)a, *y = *(const cn_lower *const *)b;
    int c = compare_names(x->im->module, y->im->module);
    if (!c)
        c = compare_names(x->im->name, y->im->name);
    return c ? c : (x < y ? -1 : x > y);
}

static bool imported(cn_lower *const *sorted, uint32_t n, comp_str module, comp_str name)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = compare_names(sorted[mid]->im->module, module);
        if (!c)
            c = compare_names(sorted[mid]->im->name, name);
        if (!c)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Core modules may import one name twice (AssemblyScript does); inside a
 * component they may not. Later copies get a new name in the embedded
 * module and are given the first one's function. Sorted, not compared
 * pairwise: import lists can be long. */
static bool rename_duplicates(cn_plan *p, cn_unit *u, comp_error *err)
{
    uint32_t n = u->lowers.count;
    cn_lower **sorted = comp_arena_array(p->arena, n + 1, sizeof *sorted);
    if (!sorted)
        return cn_oom(err);
    for (uint32_t i = 0; i < n; i++)
        sorted[i] = &((cn_lower *)u->lowers.data)[i];
    qsort(sorted, n, sizeof *sorted, compare_lowers);
    comp_import *renamed = NULL;
    for (uint32_t i = 1, run = 0; i < n; i++) {
        cn_lower *lw = sorted[i];
        if (compare_names(sorted[run]->im->module, lw->im->module) ||
            compare_names(sorted[run]->im->name, lw->im->name)) {
            run = i;
            continue;
        }
        if (!renamed) {
            /* The encoded module gets its own import list. */
            comp_module *copy = u->encode == u->m ? comp_arena_alloc(p->arena, sizeof *copy) : u->encode;
            renamed = comp_arena_array(p->arena, u->m->import_count, sizeof *renamed);
            if (!copy || !renamed)
                return cn_oom(err);
            if (copy != u->encode)
                *copy = *u->encode;
            memcpy(renamed, u->encode->imports, u->m->import_count * sizeof *renamed);
            copy->imports = renamed;
            u->encode = copy;
        }
        char name[300];
        int len = snprintf(name, sizeof name, "%.*s [duplicate %u]", (int)(lw->im->name.len > 200 ? 200 : lw->im->name.len),
                           lw->im->name.data, i - run);
        lw->first = sorted[run];
        lw->rename = (comp_str){comp_arena_strndup(p->arena, name, (size_t)len), (uint32_t)len};
        if (!lw->rename.data)
            return cn_oom(err);
        if (imported(sorted, n, lw->im->module, lw->rename))
            return comp_error_set(err, lw->im->offset, "%s: cannot rename the duplicate import `%.*s` `%.*s`: "
                                  "`%s` is imported too", u->who, (int)lw->im->module.len, lw->im->module.data,
                                  (int)lw->im->name.len, lw->im->name.data, name);
        renamed[lw->im - u->m->imports].name = lw->rename;
    }
    return true;
}

static bool classify_imports(cn_plan *p, uint32_t ui, comp_error *err)
{
    cn_unit *u = &p->units[ui];
    u->lowers = (comp_vec){0};
    for (uint32_t i = 0; i < u->m->import_count; i++) {
        const comp_import *im = &u->m->imports[i];
        if (im->kind != COMP_EXTERN_FUNC) {
            if (ui > 0 && im->kind == COMP_EXTERN_MEMORY)
                continue; /* the main module's memory */
            return comp_error_set(err, im->offset, "%s: import `%.*s` `%.*s`: only functions can be imported",
                                  u->who, (int)im->module.len, im->module.data, (int)im->name.len, im->name.data);
        }
        cn_lower *lw = comp_vec_push(p->arena, &u->lowers, sizeof *lw);
        if (!lw)
            return cn_oom(err);
        lw->im = im;
        lw->slot = UINT32_MAX;
        uint32_t a = ui == 0 ? find_adapter(p, im->module) : UINT32_MAX;
        if (a != UINT32_MAX) {
            lw->kind = CN_LOWER_ADAPTER;
            lw->adapter = a;
            p->units[a].used = true;
            comp_str *name = comp_vec_push(p->arena, &p->units[a].required, sizeof *name);
            if (!name)
                return cn_oom(err);
            *name = im->name;
        } else if (ui > 0 && cn_str_eq(im->module, "__main_module__")) {
            lw->kind = CN_LOWER_MAIN;
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)im->name.len, im->name.data);
            if (!cn_module_export(p->units[0].m, name, COMP_EXTERN_FUNC))
                return comp_error_set(err, 0, "%s imports `__main_module__` `%s`, which the module does not export",
                                      u->who, name);
        } else if (!iface_import(p, u, im, lw, err)) {
            return false;
        }
    }
    return rename_duplicates(p, u, err);
}

/* The functions of the world's exports that unit `ui` implements. */
static bool add_exports(cn_plan *p, uint32_t ui, comp_error *err)
{
    cn_unit *u = &p->units[ui];
    const wit_resolve *r = u->world.r;
    if (!r)
        return true;
    const wit_rworld *w = &r->worlds[u->world.world];
    for (uint32_t i = 0; i < w->export_count; i++) {
        const wit_rworld_item *it = &w->exports[i];
        uint32_t nf = it->kind == WIT_ITEM_INTERFACE ? r->interfaces[it->id].func_count : 1;
        for (uint32_t f = 0; f < nf; f++) {
            cn_export *ex = comp_vec_push(p->arena, &p->exports, sizeof *ex);
            if (!ex)
                return cn_oom(err);
            ex->unit = ui;
            ex->target.item = it;
            ex->target.iface = it->kind == WIT_ITEM_INTERFACE ? it->id : WIT_NO_ID;
            ex->target.func = it->kind == WIT_ITEM_INTERFACE ? &r->interfaces[it->id].funcs[f] : &it->func;
            ex->target.resource = WIT_NO_ID;
            ex->core_name = cn_export_name(r, ex->target.iface, ex->target.func, p->arena);
            if (!ex->core_name.data)
                return cn_oom(err);
            const wit_rfunc *own = ex->target.func; /* in the unit's own world */
            /* From here on the export is known by the merged world. */
            if (!cn_find_export(&p->world, ex->core_name, &ex->target))
                return comp_error_set(err, 0, "internal: export `%.*s` lost in the merged world",
                                      (int)ex->core_name.len, ex->core_name.data);
            char name[512];
            snprintf(name, sizeof name, "%.*s", (int)ex->core_name.len, ex->core_name.data);
            const comp_export *ce = cn_module_export(u->m, name, COMP_EXTERN_FUNC);
            if (!ce)
                return comp_error_set(err, 0, "%s does not export function `%s`, which its world exports", u->who,
                                      name);
            comp_functype want;
            if (!cn_core_signature(r, own, false, p->arena, &want, err))
                return false;
            const comp_functype *have = comp_module_func_type(u->m, ce->index);
            if (!have || !cn_functype_eq(&want, have)) {
                char a[256], b[256] = "?";
                cn_functype_text(&want, a, sizeof a);
                if (have)
                    cn_functype_text(have, b, sizeof b);
                return comp_error_set(err, ce->offset, "%s: export `%s`: expected type %s, found %s", u->who, name,
                                      a, b);
            }
        }
    }
    return true;
}

static bool reduce_adapter(cn_plan *p, cn_unit *u, comp_error *err)
{
    /* Its world exports are needed too (a command adapter's run). */
    const wit_resolve *r = u->world.r;
    if (r) {
        const wit_rworld *w = &r->worlds[u->world.world];
        for (uint32_t i = 0; i < w->export_count; i++) {
            const wit_rworld_item *it = &w->exports[i];
            uint32_t nf = it->kind == WIT_ITEM_INTERFACE ? r->interfaces[it->id].func_count : 1;
            for (uint32_t f = 0; f < nf; f++) {
                const wit_rfunc *fn = it->kind == WIT_ITEM_INTERFACE ? &r->interfaces[it->id].funcs[f] : &it->func;
                comp_str *name = comp_vec_push(p->arena, &u->required, sizeof *name);
                if (!name)
                    return cn_oom(err);
                *name = cn_export_name(r, it->kind == WIT_ITEM_INTERFACE ? it->id : WIT_NO_ID, fn, p->arena);
            }
        }
    }
    const char *main_realloc = cn_module_export(p->units[0].m, "cabi_realloc", COMP_EXTERN_FUNC) ? "cabi_realloc"
                                                                                                  : NULL;
    comp_buf b = {0};
    if (!cn_gc_adapter(u->m, u->data, u->required.data, u->required.count, main_realloc, u->who, p->arena, &b,
                       err)) {
        comp_buf_free(&b);
        return false;
    }
    uint8_t *copy = comp_arena_alloc(p->arena, b.len ? b.len : 1);
    if (!copy || b.oom) {
        comp_buf_free(&b);
        return cn_oom(err);
    }
    memcpy(copy, b.data, b.len);
    u->data = copy;
    u->len = b.len;
    comp_buf_free(&b);
    comp_error inner;
    if (!comp_module_decode(copy, u->len, p->arena, &u->m, &inner))
        return comp_error_set(err, 0, "%s: the reduced adapter does not decode (%s at %zu)", u->who, inner.message,
                              inner.offset);
    u->encode = u->m;
    return true;
}

/* Lowerings that need the main module's memory cannot be made before it
 * exists: they, and the adapter functions the main module imports, go
 * through the shim. */
static bool assign_slots(cn_plan *p, comp_error *err)
{
    comp_vec types = {0}, lowers = {0};
    for (uint32_t ui = 0; ui < p->unit_count; ui++) {
        cn_unit *u = &p->units[ui];
        if (ui > 0 && !u->used)
            continue;
        for (uint32_t i = 0; i < u->lowers.count; i++) {
            cn_lower *lw = &((cn_lower *)u->lowers.data)[i];
            if (lw->first)
                continue;
            bool indirect = lw->kind == CN_LOWER_ADAPTER || (lw->kind == CN_LOWER_IFACE && (lw->opts & CN_OPT_MEMORY));
            if (!indirect)
                continue;
            comp_functype *t = comp_vec_push(p->arena, &types, sizeof *t);
            cn_lower **l = comp_vec_push(p->arena, &lowers, sizeof *l);
            if (!t || !l)
                return cn_oom(err);
            *t = u->m->types[lw->im->desc.func_type];
            *l = lw;
            lw->slot = p->slots++;
        }
    }
    /* Exported resources: each destructor the main module exports gets a
     * slot, as the type that names it is needed before the module exists. */
    const wit_resolve *r = p->world.r;
    const wit_rworld *w = r ? &r->worlds[p->world.world] : NULL;
    for (uint32_t i = 0; w && i < w->export_count; i++) {
        const wit_rworld_item *it = &w->exports[i];
        if (it->kind != WIT_ITEM_INTERFACE)
            continue;
        const wit_rinterface *in = &r->interfaces[it->id];
        for (uint32_t t = 0; t < in->type_count; t++) {
            const wit_rtype *ty = &r->types[in->types[t]];
            if (ty->kind != WIT_DEF_KIND_RESOURCE || ty->owner_kind != WIT_OWNER_INTERFACE || ty->owner != it->id)
                continue;
            cn_resource *res = comp_vec_push(p->arena, &p->resources, sizeof *res);
            if (!res)
                return cn_oom(err);
            res->type = in->types[t];
            res->dtor = NULL;
            wit_rfunc dtor = {.name = {NULL, 0}};
            char name[300];
            int n = snprintf(name, sizeof name, "[dtor]%.*s", (int)(ty->name.len > 200 ? 200 : ty->name.len),
                             ty->name.data);
            dtor.name = (comp_str){name, (uint32_t)n};
            comp_str core = cn_export_name(r, it->id, &dtor, p->arena);
            if (!core.data)
                return cn_oom(err);
            char core_name[600];
            snprintf(core_name, sizeof core_name, "%.*s", (int)core.len, core.data);
            if (!cn_module_export(p->units[0].m, core_name, COMP_EXTERN_FUNC))
                continue;
            cn_lower *lw = comp_arena_alloc(p->arena, sizeof *lw);
            comp_functype *ft = comp_vec_push(p->arena, &types, sizeof *ft);
            cn_lower **l = comp_vec_push(p->arena, &lowers, sizeof *l);
            comp_valtype *i32 = comp_arena_alloc(p->arena, sizeof *i32);
            if (!lw || !ft || !l || !i32)
                return cn_oom(err);
            *i32 = COMP_I32;
            memset(lw, 0, sizeof *lw);
            lw->kind = CN_LOWER_DTOR;
            lw->dtor = core;
            lw->slot = p->slots++;
            *ft = (comp_functype){1, 0, i32, NULL};
            *l = lw;
            res->dtor = lw;
        }
    }
    p->slot_types = types.data;
    p->slot_lowers = lowers.data;
    return true;
}

static bool collect_targets(cn_plan *p, comp_error *err)
{
    comp_vec used = {0}, exported = {0};
    for (uint32_t ui = 0; ui < p->unit_count; ui++) {
        cn_unit *u = &p->units[ui];
        if (ui > 0 && !u->used)
            continue;
        for (uint32_t i = 0; i < u->lowers.count; i++) {
            cn_lower *lw = &((cn_lower *)u->lowers.data)[i];
            if (lw->kind != CN_LOWER_IFACE || lw->target.exported)
                continue;
            cn_target *t = comp_vec_push(p->arena, &used, sizeof *t);
            if (!t)
                return cn_oom(err);
            *t = lw->target;
        }
    }
    for (uint32_t i = 0; i < p->exports.count; i++) {
        cn_target *t = comp_vec_push(p->arena, &exported, sizeof *t);
        if (!t)
            return cn_oom(err);
        *t = ((cn_export *)p->exports.data)[i].target;
    }
    return cn_trim_imports(&p->world, used.data, used.count, exported.data, exported.count, p->arena,
                           &p->imports, err);
}

/* The interface imports of every module, found again in the merged world
 * (whose ids the component is written with). */
static bool retarget_imports(cn_plan *p, comp_error *err)
{
    for (uint32_t ui = 0; ui < p->unit_count; ui++) {
        cn_unit *u = &p->units[ui];
        if (!u->used || u->world.r == p->world.r)
            continue;
        for (uint32_t i = 0; i < u->lowers.count; i++) {
            cn_lower *lw = &((cn_lower *)u->lowers.data)[i];
            const char *why = NULL;
            if (lw->kind == CN_LOWER_IFACE && !cn_find_import(&p->world, lw->im->module, lw->im->name, &lw->target, &why))
                return comp_error_set(err, lw->im->offset, "%s: import `%.*s` `%.*s` lost in the merged world: %s",
                                      u->who, (int)lw->im->module.len, lw->im->module.data, (int)lw->im->name.len,
                                      lw->im->name.data, why);
        }
    }
    return true;
}

bool cn_plan_build(cn_plan *p, const uint8_t *module, size_t len, const wit_cnew_adapter *adapters,
                   size_t adapter_count, comp_arena *arena, comp_error *err)
{
    memset(p, 0, sizeof *p);
    p->arena = arena;
    if (adapter_count > 1000)
        return comp_error_set(err, 0, "too many adapters");
    p->unit_count = (uint32_t)adapter_count + 1;
    p->units = comp_arena_array(arena, p->unit_count, sizeof *p->units);
    if (!p->units)
        return cn_oom(err);
    for (uint32_t i = 0; i < p->unit_count; i++) {
        cn_unit *u = &p->units[i];
        u->name = i ? adapters[i - 1].name : NULL;
        u->data = i ? adapters[i - 1].data : module;
        u->len = i ? adapters[i - 1].len : len;
        u->realloc = UINT32_MAX;
        if (i)
            snprintf(u->who, sizeof u->who, "adapter `%s`", u->name);
        else
            snprintf(u->who, sizeof u->who, "module");
        comp_error inner;
        if (!comp_module_decode(u->data, u->len, arena, &u->m, &inner))
            return comp_error_set(err, inner.offset, "%s: %s", u->who, inner.message);
        if (!comp_module_validate(u->m, COMP_FEATURES_DEFAULT | COMP_FEATURE_THREADS, &inner))
            return comp_error_set(err, inner.offset, "%s: %s", u->who, inner.message);
        if (!cn_read_metadata(u->m, u->data, u->who, arena, &u->world, err))
            return false;
        u->encode = cn_strip_metadata(u->m, arena);
        if (!u->encode)
            return cn_oom(err);
    }
    p->units[0].used = true;
    if (!classify_imports(p, 0, err))
        return false;
    for (uint32_t i = 1; i < p->unit_count; i++) {
        cn_unit *u = &p->units[i];
        if (!u->used)
            continue;
        if (!reduce_adapter(p, u, err) || !classify_imports(p, i, err))
            return false;
    }
    /* One world for everything imported: the worlds of the modules used. */
    for (uint32_t i = 0; i < p->unit_count; i++)
        if (p->units[i].used && !cn_merge_worlds(&p->world, &p->units[i].world, arena, err))
            return false;
    if (!retarget_imports(p, err))
        return false;
    for (uint32_t i = 0; i < p->unit_count; i++)
        if (p->units[i].used && !add_exports(p, i, err))
            return false;
    if (!p->world.r) {
        /* No metadata anywhere: a component with no imports or exports
         * beyond what the module needs (nothing). */
        if (p->units[0].lowers.count)
            return comp_error_set(err, 0, "module: no world describes its imports");
    }
    return assign_slots(p, err) && (!p->world.r || collect_targets(p, err));
}
