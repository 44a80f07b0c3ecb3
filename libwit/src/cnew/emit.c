/* Writing the planned component. Sections are written one item at a time
 * (a component may repeat sections), counting every index space. */
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/encode.h"

typedef struct wr {
    const cn_plan *p;
    comp_buf *out;
    comp_error *err;
    uint32_t types, funcs, instances;
    uint32_t core_funcs, core_instances;
    uint32_t shim_instance;
    uint32_t components;
    uint32_t modules;       /* core modules written so far */
    cn_scope top;           /* type definitions at the top level */
    comp_vec root_funcs;    /* root_func: imported world functions, by name */
    comp_vec root_types;    /* root_func: imported world types, by name */
} wr;

/* A world function the component imports, and its function index. */
typedef struct root_func {
    comp_str name;
    uint32_t index;
} root_func;

static int compare_root_funcs(const void *pa, const void *pb)
{
    const root_func *a = pa, *b = pb;
    if (a->name.len != b->name.len)
        return a->name.len < b->name.len ? -1 : 1;
    return a->name.len ? memcmp(a->name.data, b->name.data, a->name.len) : 0;
}

static void section(wr *w, uint8_t id, const comp_buf *content)
{
    cn_section(w->out, id, content);
}

static void str(comp_buf *b, comp_str s)
{
    cn_name(b, s.data, s.len);
}

static const root_func *find_root(const comp_vec *v, comp_str name)
{
    root_func key = {name, 0};
    return v->count ? bsearch(&key, v->data, v->count, sizeof key, compare_root_funcs) : NULL;
}

/* ---- the imported instance types ------------------------------------------ */

static bool push_section(comp_arena *a, comp_vec *secs, uint8_t id, uint32_t index)
{
    comp_component_section *last = secs->count ? &((comp_component_section *)secs->data)[secs->count - 1] : NULL;
    if (last && last->id == id) {
        last->count++;
        return true;
    }
    comp_component_section *s = comp_vec_push(a, secs, sizeof *s);
    if (!s)
        return false;
    s->id = id;
    s->first = index;
    s->count = 1;
    return true;
}

static bool imports_part(wr *w)
{
    comp_arena *a = w->p->arena;
    const comp_type *ct = w->p->imports.type;
    comp_component c = {0};
    comp_vec secs = {0}, types = {0}, aliases = {0}, imports = {0};
    for (uint32_t i = 0; ct && i < ct->u.decls.decl_count; i++) {
        const comp_decl *d = &ct->u.decls.decls[i];
        bool ok = true;
        switch (d->kind) {
        case COMP_DECL_TYPE: {
            comp_type *t = comp_vec_push(a, &types, sizeof *t);
            ok = t && push_section(a, &secs, COMP_CSEC_TYPE, types.count - 1);
            if (t)
                *t = *d->type;
            w->types++;
            break;
        }
        case COMP_DECL_ALIAS: {
            comp_alias *al = comp_vec_push(a, &aliases, sizeof *al);
            ok = al && push_section(a, &secs, COMP_CSEC_ALIAS, aliases.count - 1);
            if (al)
                *al = d->alias;
            if (d->alias.sort.sort == COMP_SORT_TYPE)
                w->types++;
            break;
        }
        case COMP_DECL_IMPORT: {
            comp_cimport *im = comp_vec_push(a, &imports, sizeof *im);
            ok = im && push_section(a, &secs, COMP_CSEC_IMPORT, imports.count - 1);
            if (im) {
                im->name = d->name;
                im->type = d->extern_type;
            }
            if (d->extern_type.kind == COMP_SORT_INSTANCE)
                w->instances++;
            else if (d->extern_type.kind == COMP_SORT_TYPE) {
                root_func *t = comp_vec_push(a, &w->root_types, sizeof *t);
                if (t)
                    *t = (root_func){d->name.name, w->types};
                ok = ok && t;
                w->types++;
            } else if (d->extern_type.kind == COMP_SORT_FUNC) {
                root_func *f = comp_vec_push(a, &w->root_funcs, sizeof *f);
                if (f)
                    *f = (root_func){d->name.name, w->funcs};
                ok = ok && f;
                w->funcs++;
            }
            break;
        }
        default:
            return comp_error_set(w->err, 0, "unexpected declaration in the imported world type");
        }
        if (!ok)
            return cn_oom(w->err);
    }
    if (w->root_funcs.count)
        qsort(w->root_funcs.data, w->root_funcs.count, sizeof(root_func), compare_root_funcs);
    if (w->root_types.count)
        qsort(w->root_types.data, w->root_types.count, sizeof(root_func), compare_root_funcs);
    c.sections = secs.data;
    c.section_count = secs.count;
    c.types = types.data;
    c.type_count = types.count;
    c.aliases = aliases.data;
    c.alias_count = aliases.count;
    c.imports = imports.data;
    c.import_count = imports.count;
    comp_buf b = {0};
    if (!comp_component_encode(&c, &b, w->err)) {
        comp_buf_free(&b);
        return false;
    }
    comp_buf_append(w->out, b.data, b.len); /* with the preamble: this starts the output */
    bool ok = !b.oom;
    comp_buf_free(&b);
    return ok || cn_oom(w->err);
}

/* ---- small item writers ----------------------------------------------------- */

static uint32_t alias_core_export(wr *w, uint32_t instance, uint8_t sort, comp_str name)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, COMP_SORT_CORE);
    comp_buf_byte(&s, sort);
    comp_buf_byte(&s, COMP_ALIAS_CORE_EXPORT);
    cn_leb_u32(&s, instance);
    str(&s, name);
    section(w, COMP_CSEC_ALIAS, &s);
    comp_buf_free(&s);
    return sort == COMP_CORE_SORT_FUNC ? w->core_funcs++ : 0;
}

static uint32_t alias_export(wr *w, uint32_t instance, uint8_t sort, comp_str name)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, sort);
    comp_buf_byte(&s, COMP_ALIAS_EXPORT);
    cn_leb_u32(&s, instance);
    str(&s, name);
    section(w, COMP_CSEC_ALIAS, &s);
    comp_buf_free(&s);
    return sort == COMP_SORT_FUNC ? w->funcs++ : w->types++;
}

static comp_str cs(const char *s)
{
    return (comp_str){s, (uint32_t)strlen(s)};
}

static void core_module(wr *w, const uint8_t *data, size_t len)
{
    comp_buf s = {0};
    comp_buf_append(&s, data, len);
    section(w, COMP_CSEC_CORE_MODULE, &s);
    comp_buf_free(&s);
}

/* Core instance of inline exports: names[i] -> funcs[i] (sort func), plus
 * an optional memory or table export. */
typedef struct export_list {
    comp_vec names;     /* comp_str */
    comp_vec sorts;     /* uint8_t */
    comp_vec indices;   /* uint32_t */
} export_list;

static bool list_add(wr *w, export_list *l, comp_str name, uint8_t sort, uint32_t index)
{
    comp_str *n = comp_vec_push(w->p->arena, &l->names, sizeof *n);
    uint8_t *s = comp_vec_push(w->p->arena, &l->sorts, 1);
    uint32_t *i = comp_vec_push(w->p->arena, &l->indices, sizeof *i);
    if (!n || !s || !i)
        return cn_oom(w->err);
    *n = name, *s = sort, *i = index;
    return true;
}

static uint32_t core_instance_exports(wr *w, const export_list *l)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, COMP_INSTANCE_EXPORTS);
    cn_leb_u32(&s, l->names.count);
    for (uint32_t i = 0; i < l->names.count; i++) {
        str(&s, ((comp_str *)l->names.data)[i]);
        comp_buf_byte(&s, ((uint8_t *)l->sorts.data)[i]);
        cn_leb_u32(&s, ((uint32_t *)l->indices.data)[i]);
    }
    section(w, COMP_CSEC_CORE_INSTANCE, &s);
    comp_buf_free(&s);
    return w->core_instances++;
}

static uint32_t core_instantiate(wr *w, uint32_t module, const export_list *args)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, COMP_INSTANCE_INSTANTIATE);
    cn_leb_u32(&s, module);
    uint32_t n = args ? args->names.count : 0;
    cn_leb_u32(&s, n);
    for (uint32_t i = 0; i < n; i++) {
        str(&s, ((comp_str *)args->names.data)[i]);
        comp_buf_byte(&s, 0x12);
        cn_leb_u32(&s, ((uint32_t *)args->indices.data)[i]);
    }
    section(w, COMP_CSEC_CORE_INSTANCE, &s);
    comp_buf_free(&s);
    return w->core_instances++;
}

/* ---- lowerings ---------------------------------------------------------------- */

static uint32_t unit_realloc(wr *w, cn_unit *u)
{
    if (u->realloc != UINT32_MAX)
        return u->realloc;
    const char *names[] = {"cabi_import_realloc", "cabi_realloc"};
    for (int i = 0; i < 2; i++)
        if (cn_module_export(u->m, names[i], COMP_EXTERN_FUNC))
            return u->realloc = alias_core_export(w, u->instance, COMP_CORE_SORT_FUNC, cs(names[i]));
    return UINT32_MAX;
}

static bool lower(wr *w, cn_unit *u, cn_lower *lw, bool with_memory)
{
    const cn_target *t = &lw->target;
    if (t->exported) {
        /* resource.new / .rep / .drop of a resource this component defines */
        uint32_t ty = w->top.type_of[t->resource];
        if (ty == UINT32_MAX)
            return comp_error_set(w->err, 0, "internal: exported resource without a type");
        comp_buf s = {0};
        cn_leb_u32(&s, 1);
        comp_buf_byte(&s, t->form == CN_FORM_RESOURCE_NEW    ? COMP_CANON_RESOURCE_NEW
                          : t->form == CN_FORM_RESOURCE_REP ? COMP_CANON_RESOURCE_REP
                                                            : COMP_CANON_RESOURCE_DROP);
        cn_leb_u32(&s, ty);
        section(w, COMP_CSEC_CANON, &s);
        comp_buf_free(&s);
        lw->core_func = w->core_funcs++;
        return true;
    }
    uint32_t inst = t->iface == WIT_NO_ID ? WIT_NO_ID : w->p->imports.instance_of[t->iface];
    const root_func *root = NULL;
    if (t->iface == WIT_NO_ID && t->func) {
        root_func key = {t->func->name, 0};
        root = w->root_funcs.count ? bsearch(&key, w->root_funcs.data, w->root_funcs.count, sizeof key,
                                             compare_root_funcs)
                                   : NULL;
    }
    if (t->iface == WIT_NO_ID ? !root && t->func : inst == UINT32_MAX)
        return comp_error_set(w->err, 0, "internal: interface of `%.*s` not imported", (int)lw->im->name.len,
                              lw->im->name.data);
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    if (!t->func) {
        comp_str name = w->p->world.r->types[t->resource].name;
        const root_func *root_type = t->iface == WIT_NO_ID ? find_root(&w->root_types, name) : NULL;
        if (t->iface == WIT_NO_ID && !root_type) {
            comp_buf_free(&s);
            return comp_error_set(w->err, 0, "internal: world resource `%.*s` not imported", (int)name.len,
                                  name.data);
        }
        uint32_t ty = root_type ? root_type->index : alias_export(w, inst, COMP_SORT_TYPE, name);
        comp_buf_byte(&s, COMP_CANON_RESOURCE_DROP);
        cn_leb_u32(&s, ty);
    } else {
        uint32_t fn = root ? root->index : alias_export(w, inst, COMP_SORT_FUNC, t->func->name);
        uint32_t realloc = UINT32_MAX;
        if (lw->opts & CN_OPT_REALLOC) {
            realloc = unit_realloc(w, u);
            if (realloc == UINT32_MAX) {
                comp_buf_free(&s);
                return comp_error_set(w->err, lw->im->offset,
                                      "%s: import `%.*s` `%.*s` needs `cabi_realloc`, which is not exported", u->who,
                                      (int)lw->im->module.len, lw->im->module.data, (int)lw->im->name.len,
                                      lw->im->name.data);
            }
        }
        comp_buf_byte(&s, COMP_CANON_LOWER);
        comp_buf_byte(&s, 0x00);
        cn_leb_u32(&s, fn);
        uint32_t n = !!(lw->opts & CN_OPT_MEMORY) + !!(lw->opts & CN_OPT_REALLOC) + !!(lw->opts & CN_OPT_STRING);
        cn_leb_u32(&s, with_memory ? n : 0);
        if (with_memory && (lw->opts & CN_OPT_MEMORY))
            comp_buf_byte(&s, COMP_OPT_MEMORY), cn_leb_u32(&s, 0);
        if (with_memory && (lw->opts & CN_OPT_REALLOC))
            comp_buf_byte(&s, COMP_OPT_REALLOC), cn_leb_u32(&s, realloc);
        if (with_memory && (lw->opts & CN_OPT_STRING))
            comp_buf_byte(&s, COMP_OPT_UTF8);
    }
    section(w, COMP_CSEC_CANON, &s);
    comp_buf_free(&s);
    lw->core_func = w->core_funcs++;
    return true;
}

/* The instantiation arguments of unit `u`: one core instance per import
 * module name, in order of first appearance. */
static bool instantiate_unit(wr *w, uint32_t ui, uint32_t module_index)
{
    const cn_plan *p = w->p;
    cn_unit *u = &p->units[ui];
    const comp_module *m = u->m;
    export_list args = {0};
    uint8_t *done = comp_arena_array(p->arena, m->import_count + 1, 1);
    if (!done)
        return cn_oom(w->err);
    cn_lower *lowers = u->lowers.data;
    for (uint32_t i = 0; i < m->import_count; i++) {
        if (done[i])
            continue;
        comp_str mod = m->imports[i].module;
        export_list group = {0};
        uint32_t li = 0;
        for (uint32_t j = 0; j < m->import_count; j++) {
            const comp_import *im = &m->imports[j];
            bool func = im->kind == COMP_EXTERN_FUNC;
            cn_lower *lw = func ? &lowers[li++] : NULL;
            if (j < i || done[j] || im->module.len != mod.len || memcmp(im->module.data, mod.data, mod.len) != 0)
                continue;
            done[j] = 1;
            if (lw && lw->first) {
                if (!list_add(w, &group, lw->rename, COMP_CORE_SORT_FUNC, lw->first->core_func))
                    return false;
                continue;
            }
            if (!func) {
                if (!list_add(w, &group, im->name, COMP_CORE_SORT_MEMORY, 0))
                    return false;
                continue;
            }
            if (lw->slot != UINT32_MAX) {
                char slot[12];
                snprintf(slot, sizeof slot, "%u", lw->slot);
                comp_str name = {comp_arena_strndup(p->arena, slot, strlen(slot)), (uint32_t)strlen(slot)};
                if (!name.data)
                    return cn_oom(w->err);
                lw->core_func = alias_core_export(w, w->shim_instance, COMP_CORE_SORT_FUNC, name);
            } else if (lw->kind == CN_LOWER_MAIN) {
                lw->core_func = alias_core_export(w, p->units[0].instance, COMP_CORE_SORT_FUNC, im->name);
            } else if (!lower(w, u, lw, false)) {
                return false;
            }
            if (!list_add(w, &group, im->name, COMP_CORE_SORT_FUNC, lw->core_func))
                return false;
        }
        uint32_t inst = core_instance_exports(w, &group);
        if (!list_add(w, &args, mod, 0x12, inst))
            return false;
    }
    u->instance = core_instantiate(w, module_index, &args);
    return true;
}

/* ---- exports ------------------------------------------------------------------ */

/* Named types at the top level: exports of the imported instance that owns
 * them, the world's imported types, or (an exported interface's own types)
 * defined by their structure. */
static bool top_named(cn_scope *s, uint32_t id, uint32_t *index)
{
    wr *w = s->ctx;
    const wit_rtype *t = &s->r->types[id];
    if (t->owner_kind == WIT_OWNER_INTERFACE && t->owner < s->r->interface_count &&
        w->p->imports.instance_of[t->owner] != UINT32_MAX) {
        *index = alias_export(w, w->p->imports.instance_of[t->owner], COMP_SORT_TYPE, t->name);
        return true;
    }
    const root_func *root = t->owner_kind == WIT_OWNER_WORLD ? find_root(&w->root_types, t->name) : NULL;
    if (root) {
        *index = root->index;
        return true;
    }
    return cn_scope_structure(s, id, index);
}

static bool lift(wr *w, const cn_export *ex, uint32_t *fn)
{
    const cn_plan *p = w->p;
    cn_unit *u = &p->units[ex->unit];
    const wit_rfunc *f = ex->target.func;
    uint32_t type;
    if (!cn_scope_functype(&w->top, f, &type))
        return false;

    uint32_t core = alias_core_export(w, u->instance, COMP_CORE_SORT_FUNC, ex->core_name);
    unsigned opts = cn_required_options(p->world.r, f, false);
    uint32_t realloc = UINT32_MAX, post = UINT32_MAX;
    if (opts & CN_OPT_REALLOC) {
        realloc = unit_realloc(w, u);
        if (realloc == UINT32_MAX)
            return comp_error_set(w->err, 0, "%s: export `%.*s` needs `cabi_realloc`, which is not exported", u->who,
                                  (int)ex->core_name.len, ex->core_name.data);
    }
    char post_name[600];
    snprintf(post_name, sizeof post_name, "cabi_post_%.*s", (int)ex->core_name.len, ex->core_name.data);
    if (cn_module_export(u->m, post_name, COMP_EXTERN_FUNC)) {
        comp_str name = {comp_arena_strndup(p->arena, post_name, strlen(post_name)), (uint32_t)strlen(post_name)};
        if (!name.data)
            return cn_oom(w->err);
        post = alias_core_export(w, u->instance, COMP_CORE_SORT_FUNC, name);
    }
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, COMP_CANON_LIFT);
    comp_buf_byte(&s, 0x00);
    cn_leb_u32(&s, core);
    uint32_t n = !!(opts & CN_OPT_MEMORY) + !!(opts & CN_OPT_REALLOC) + !!(opts & CN_OPT_STRING) +
                 (post != UINT32_MAX);
    cn_leb_u32(&s, n);
    if (opts & CN_OPT_MEMORY)
        comp_buf_byte(&s, COMP_OPT_MEMORY), cn_leb_u32(&s, 0);
    if (opts & CN_OPT_REALLOC)
        comp_buf_byte(&s, COMP_OPT_REALLOC), cn_leb_u32(&s, realloc);
    if (opts & CN_OPT_STRING)
        comp_buf_byte(&s, COMP_OPT_UTF8);
    if (post != UINT32_MAX)
        comp_buf_byte(&s, COMP_OPT_POST_RETURN), cn_leb_u32(&s, post);
    cn_leb_u32(&s, type);
    section(w, COMP_CSEC_CANON, &s);
    comp_buf_free(&s);
    *fn = w->funcs++;
    return true;
}

static void export_item(wr *w, comp_str name, uint8_t sort, uint32_t index)
{
    comp_buf s = {0};
    cn_leb_u32(&s, 1);
    comp_buf_byte(&s, 0x00);
    str(&s, name);
    comp_buf_byte(&s, sort);
    cn_leb_u32(&s, index);
    comp_buf_byte(&s, 0x00);
    section(w, COMP_CSEC_EXPORT, &s);
    comp_buf_free(&s);
    if (sort == COMP_SORT_FUNC)
        w->funcs++;
    else if (sort == COMP_SORT_INSTANCE)
        w->instances++;
}

/* The shim component of an exported interface with types, and in `s` the
 * instance expression instantiating it. */
static bool shim_instance(wr *w, const cn_export *group, const uint32_t *fns, uint32_t n, comp_buf *s)
{
    const cn_plan *p = w->p;
    const wit_rfunc **funcs = comp_arena_array(p->arena, n + 1, sizeof *funcs);
    if (!funcs)
        return cn_oom(w->err);
    for (uint32_t i = 0; i < n; i++)
        funcs[i] = group[i].target.func;
    cn_shim_args args = {0};
    if (!cn_export_shim(p->world.r, group->target.iface, funcs, fns, n, &w->top, p->arena, w->out, &args, w->err))
        return false;
    uint32_t component = w->components++;
    comp_buf_byte(s, COMP_INSTANCE_INSTANTIATE);
    cn_leb_u32(s, component);
    cn_leb_u32(s, args.names.count);
    for (uint32_t i = 0; i < args.names.count; i++) {
        str(s, ((comp_str *)args.names.data)[i]);
        comp_buf_byte(s, ((uint8_t *)args.sorts.data)[i]);
        cn_leb_u32(s, ((uint32_t *)args.indices.data)[i]);
    }
    return true;
}

static bool exports(wr *w)
{
    const cn_plan *p = w->p;
    const cn_export *all = p->exports.data;
    uint32_t *fns = comp_arena_array(p->arena, p->exports.count + 1, sizeof *fns);
    if (!fns)
        return cn_oom(w->err);
    for (uint32_t i = 0; i < p->exports.count; i++)
        if (!lift(w, &all[i], &fns[i]))
            return false;
    for (uint32_t i = 0; i < p->exports.count; i++) {
        const cn_export *ex = &all[i];
        if (ex->target.iface == WIT_NO_ID) {
            export_item(w, ex->target.func->name, COMP_SORT_FUNC, fns[i]);
            continue;
        }
        if (i > 0 && all[i - 1].target.item == ex->target.item)
            continue;
        comp_buf s = {0};
        uint32_t n = 0;
        for (uint32_t j = i; j < p->exports.count && all[j].target.item == ex->target.item; j++)
            n++;
        cn_leb_u32(&s, 1);
        if (p->world.r->interfaces[ex->target.iface].type_count) {
            if (!shim_instance(w, &all[i], &fns[i], n, &s)) {
                comp_buf_free(&s);
                return false;
            }
        } else {
            comp_buf_byte(&s, COMP_INSTANCE_EXPORTS);
            cn_leb_u32(&s, n);
            for (uint32_t j = i; j < i + n; j++) {
                comp_buf_byte(&s, 0x00);
                str(&s, all[j].target.func->name);
                comp_buf_byte(&s, COMP_SORT_FUNC);
                cn_leb_u32(&s, fns[j]);
            }
        }
        section(w, COMP_CSEC_INSTANCE, &s);
        comp_buf_free(&s);
        uint32_t inst = w->instances++;
        const wit_resolve *r = p->world.r;
        const wit_rworld_item *it = ex->target.item;
        comp_str name = it->key_kind == WIT_KEY_NAME
                            ? it->name
                            : wit_encode_item_id(r, r->interfaces[it->id].package, r->interfaces[it->id].name,
                                                 p->arena);
        if (!name.data)
            return cn_oom(w->err);
        export_item(w, name, COMP_SORT_INSTANCE, inst);
    }
    return true;
}

/* The resources of exported interfaces: (resource (rep i32) (dtor F)),
 * F being the shim's slot for the main module's destructor. */
static bool define_resources(wr *w)
{
    const cn_plan *p = w->p;
    for (uint32_t i = 0; i < p->resources.count; i++) {
        const cn_resource *res = &((const cn_resource *)p->resources.data)[i];
        uint32_t dtor = UINT32_MAX;
        if (res->dtor) {
            char slot[12];
            int n = snprintf(slot, sizeof slot, "%u", res->dtor->slot);
            comp_str name = {comp_arena_strndup(p->arena, slot, (size_t)n), (uint32_t)n};
            if (!name.data)
                return cn_oom(w->err);
            dtor = alias_core_export(w, w->shim_instance, COMP_CORE_SORT_FUNC, name);
        }
        comp_buf t = {0};
        comp_buf_byte(&t, COMP_TYPE_RESOURCE);
        comp_buf_byte(&t, COMP_I32);
        if (dtor == UINT32_MAX) {
            comp_buf_byte(&t, 0x00);
        } else {
            comp_buf_byte(&t, 0x01);
            cn_leb_u32(&t, dtor);
        }
        w->top.type_of[res->type] = cn_scope_define(&w->top, &t);
        comp_buf_free(&t);
    }
    return true;
}

/* A reactor's `_initialize` (wasi-libc runs constructors in it) is called
 * once everything is wired: a module whose start function is the export. */
static bool call_initialize(wr *w)
{
    const cn_plan *p = w->p;
    const comp_export *init = cn_module_export(p->units[0].m, "_initialize", COMP_EXTERN_FUNC);
    if (!init)
        return true;
    const comp_functype *t = comp_module_func_type(p->units[0].m, init->index);
    if (!t || t->param_count || t->result_count)
        return comp_error_set(w->err, init->offset, "module: export `_initialize` must be a function without "
                              "parameters or results");
    static const uint8_t start_module[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             /* type: (func) */
        0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00,       /* import "" "" (func (type 0)) */
        0x08, 0x01, 0x00,                               /* start 0 */
    };
    uint32_t f = alias_core_export(w, p->units[0].instance, COMP_CORE_SORT_FUNC, cs("_initialize"));
    core_module(w, start_module, sizeof start_module);
    export_list args = {0}, with = {0};
    if (!list_add(w, &args, cs(""), COMP_CORE_SORT_FUNC, f))
        return false;
    uint32_t inst = core_instance_exports(w, &args);
    if (!list_add(w, &with, cs(""), 0x12, inst))
        return false;
    core_instantiate(w, w->modules++, &with);
    return true;
}

/* ---- the whole component ---------------------------------------------------------- */

bool cn_emit(const cn_plan *p, comp_buf *out, comp_error *err)
{
    wr w = {.p = p, .out = out, .err = err};
    const wit_resolve *r = p->world.r;
    if (r && !(w.top.type_of = cn_scope_map(p->arena, r)))
        return cn_oom(err);
    w.top.r = r;
    w.top.out = out;
    w.top.types = &w.types;
    w.top.named = top_named;
    w.top.ctx = &w;
    w.top.err = err;
    if (r) {
        if (!imports_part(&w))
            return false;
    } else {
        static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
        comp_buf_append(out, preamble, sizeof preamble);
    }

    /* Core modules: main, adapters, shim, fixup. */
    uint32_t modules = 0;
    uint32_t *module_of = comp_arena_array(p->arena, p->unit_count, sizeof *module_of);
    if (!module_of)
        return cn_oom(err);
    for (uint32_t i = 0; i < p->unit_count; i++) {
        cn_unit *u = &p->units[i];
        if (!u->used)
            continue;
        comp_buf b = {0};
        if (!comp_module_encode(u->encode, &b, err)) {
            comp_buf_free(&b);
            return false;
        }
        core_module(&w, b.data, b.len);
        comp_buf_free(&b);
        module_of[i] = modules++;
    }
    uint32_t shim_module = modules, fixup_module = modules + 1;
    w.modules = modules + (p->slots ? 2 : 0);
    if (p->slots) {
        comp_buf b = {0};
        bool ok = cn_shim_module(p->slot_types, p->slots, &b);
        core_module(&w, b.data, b.len);
        b.len = 0;
        ok = ok && cn_fixup_module(p->slot_types, p->slots, &b);
        core_module(&w, b.data, b.len);
        comp_buf_free(&b);
        if (!ok)
            return cn_oom(err);
        w.shim_instance = core_instantiate(&w, shim_module, NULL);
    }
    if (!define_resources(&w))
        return false;

    if (!instantiate_unit(&w, 0, module_of[0]))
        return false;
    bool need_memory = p->slots > 0;
    for (uint32_t i = 1; i < p->unit_count; i++)
        need_memory |= p->units[i].used;
    for (uint32_t i = 0; i < p->exports.count; i++) {
        const cn_export *ex = &((const cn_export *)p->exports.data)[i];
        need_memory |= (cn_required_options(p->world.r, ex->target.func, false) & CN_OPT_MEMORY) != 0;
    }
    if (need_memory) {
        if (!cn_module_export(p->units[0].m, "memory", COMP_EXTERN_MEMORY))
            return comp_error_set(err, 0, "module does not export a memory named `memory`");
        alias_core_export(&w, p->units[0].instance, COMP_CORE_SORT_MEMORY, cs("memory"));
    }
    for (uint32_t i = 1; i < p->unit_count; i++)
        if (p->units[i].used && !instantiate_unit(&w, i, module_of[i]))
            return false;

    if (p->slots) {
        export_list args = {0};
        alias_core_export(&w, w.shim_instance, COMP_CORE_SORT_TABLE, cs("$imports"));
        if (!list_add(&w, &args, cs("$imports"), COMP_CORE_SORT_TABLE, 0))
            return false;
        for (uint32_t s = 0; s < p->slots; s++) {
            cn_lower *lw = p->slot_lowers[s];
            uint32_t f;
            if (lw->kind == CN_LOWER_ADAPTER) {
                f = alias_core_export(&w, p->units[lw->adapter].instance, COMP_CORE_SORT_FUNC, lw->im->name);
            } else if (lw->kind == CN_LOWER_DTOR) {
                f = alias_core_export(&w, p->units[0].instance, COMP_CORE_SORT_FUNC, lw->dtor);
            } else {
                cn_unit *owner = NULL;
                for (uint32_t ui = 0; ui < p->unit_count && !owner; ui++) {
                    cn_lower *ls = p->units[ui].lowers.data;
                    if (p->units[ui].used && lw >= ls && lw < ls + p->units[ui].lowers.count)
                        owner = &p->units[ui];
                }
                if (!owner || !lower(&w, owner, lw, true))
                    return owner ? false : comp_error_set(err, 0, "internal: lowering without a module");
                f = lw->core_func;
            }
            char name[12];
            snprintf(name, sizeof name, "%u", s);
            comp_str n = {comp_arena_strndup(p->arena, name, strlen(name)), (uint32_t)strlen(name)};
            if (!n.data || !list_add(&w, &args, n, COMP_CORE_SORT_FUNC, f))
                return cn_oom(err);
        }
        uint32_t inst = core_instance_exports(&w, &args);
        export_list with = {0};
        if (!list_add(&w, &with, cs(""), 0x12, inst))
            return false;
        core_instantiate(&w, fixup_module, &with);
    }
    if (!call_initialize(&w))
        return false;
    if (!exports(&w))
        return false;
    return !out->oom || cn_oom(err);
}
