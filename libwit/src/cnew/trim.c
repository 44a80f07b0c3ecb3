/* The world the component imports, cut down to what the modules use: an
 * interface keeps the functions some module imports and the types those
 * functions (and the exports) reach; an interface only some type comes
 * from is imported with just its types. wit-component does the same, so
 * the component's imports match its output. */
#include "cnew/cnew_internal.h"

#include <string.h>

#include "encode_world.h"

typedef struct live {
    const wit_resolve *r;
    uint8_t *types, *ifaces;
    uint32_t *work;
    uint32_t sp;
} live;

static void mark_type(live *l, wit_tref t)
{
    if (t.kind != WIT_TREF_ID || t.id >= l->r->type_count || l->types[t.id])
        return;
    l->types[t.id] = 1;
    l->work[l->sp++] = t.id;
}

static void walk(live *l)
{
    while (l->sp) {
        const wit_rtype *ty = &l->r->types[l->work[--l->sp]];
        if (ty->name.data && ty->owner_kind == WIT_OWNER_INTERFACE && ty->owner < l->r->interface_count)
            l->ifaces[ty->owner] = 1;
        mark_type(l, ty->a);
        mark_type(l, ty->b);
        for (uint32_t i = 0; i < ty->field_count; i++)
            mark_type(l, ty->fields[i].type);
    }
}

static void mark_func(live *l, const wit_rfunc *f)
{
    for (uint32_t i = 0; i < f->param_count; i++)
        mark_type(l, f->params[i].type);
    mark_type(l, f->result);
    if (f->resource != WIT_NO_ID)
        mark_type(l, (wit_tref){WIT_TREF_ID, f->resource});
    walk(l);
}

bool cn_trim_imports(const cn_world *w, const cn_target *used, uint32_t used_count,
                     const cn_target *exported, uint32_t exported_count, comp_arena *arena,
                     cn_imports *out, comp_error *err)
{
    const wit_resolve *r = w->r;
    out->type = NULL;
    if (!r)
        return comp_error_set(err, 0, "no world describes the imports");
    live l = {.r = r};
    l.types = comp_arena_array(arena, r->type_count + 1, 1);
    l.ifaces = comp_arena_array(arena, r->interface_count + 1, 1);
    l.work = comp_arena_array(arena, r->type_count + 1, sizeof *l.work);
    uint8_t **funcs_live = comp_arena_array(arena, r->interface_count + 1, sizeof *funcs_live);
    out->instance_of = comp_arena_array(arena, r->interface_count + 1, sizeof *out->instance_of);
    if (!l.types || !l.ifaces || !l.work || !funcs_live || !out->instance_of)
        return cn_oom(err);
    const wit_rworld *src = &r->worlds[w->world];
    uint8_t *root_used = comp_arena_array(arena, src->import_count + 1, 1);
    if (!root_used)
        return cn_oom(err);
    for (uint32_t i = 0; i < used_count; i++) {
        const cn_target *t = &used[i];
        if (t->iface == WIT_NO_ID) {
            /* A world function (`$root`): imported as a function. */
            if (!t->func) {
                /* [resource-drop] of a world-level resource: its type import */
                mark_type(&l, (wit_tref){WIT_TREF_ID, t->resource});
                walk(&l);
                continue;
            }
            if (t->item < src->imports || t->item >= src->imports + src->import_count)
                return comp_error_set(err, 0, "internal: world function import outside the world");
            root_used[t->item - src->imports] = 1;
            mark_func(&l, t->func);
            continue;
        }
        l.ifaces[t->iface] = 1;
        if (t->func) {
            const wit_rinterface *in = &r->interfaces[t->iface];
            if (!funcs_live[t->iface] &&
                !(funcs_live[t->iface] = comp_arena_array(arena, in->func_count + 1, 1)))
                return cn_oom(err);
            funcs_live[t->iface][t->func - in->funcs] = 1;
            mark_func(&l, t->func);
        } else {
            mark_type(&l, (wit_tref){WIT_TREF_ID, t->resource});
            walk(&l);
        }
    }
    for (uint32_t i = 0; i < exported_count; i++)
        if (exported[i].func)
            mark_func(&l, exported[i].func);

    /* A shallow copy whose interfaces list only live items, and one more
     * world importing them in the original world's order. */
    wit_resolve *tr = comp_arena_alloc(arena, sizeof *tr);
    wit_rinterface *ifaces = comp_arena_array(arena, r->interface_count + 1, sizeof *ifaces);
    wit_rworld *worlds = comp_arena_array(arena, r->world_count + 1, sizeof *worlds);
    wit_rworld_item *items = comp_arena_array(arena, src->import_count + 1, sizeof *items);
    if (!tr || !ifaces || !worlds || !items)
        return cn_oom(err);
    *tr = *r;
    memcpy(ifaces, r->interfaces, r->interface_count * sizeof *ifaces);
    memcpy(worlds, r->worlds, r->world_count * sizeof *worlds);
    for (uint32_t i = 0; i < r->interface_count; i++) {
        out->instance_of[i] = UINT32_MAX;
        if (!l.ifaces[i])
            continue;
        wit_rinterface *in = &ifaces[i];
        uint32_t *types = comp_arena_array(arena, in->type_count + 1, sizeof *types);
        wit_rfunc *fs = comp_arena_array(arena, in->func_count + 1, sizeof *fs);
        if (!types || !fs)
            return cn_oom(err);
        uint32_t nt = 0, nf = 0;
        for (uint32_t t = 0; t < in->type_count; t++)
            if (l.types[in->types[t]])
                types[nt++] = in->types[t];
        for (uint32_t f = 0; f < in->func_count; f++)
            if (funcs_live[i] && funcs_live[i][f])
                fs[nf++] = in->funcs[f];
        in->types = types;
        in->type_count = nt;
        in->funcs = fs;
        in->func_count = nf;
    }
    uint32_t n = 0, instances = 0;
    for (uint32_t i = 0; i < src->import_count; i++) {
        const wit_rworld_item *it = &src->imports[i];
        if (it->kind == WIT_ITEM_FUNCTION) {
            if (root_used[i])
                items[n++] = *it;
            continue;
        }
        if (it->kind == WIT_ITEM_TYPE) {
            if (it->id < r->type_count && l.types[it->id])
                items[n++] = *it;
            continue;
        }
        if (it->kind != WIT_ITEM_INTERFACE || it->id >= r->interface_count || !l.ifaces[it->id])
            continue;
        items[n++] = *it;
        out->instance_of[it->id] = instances++;
    }
    for (uint32_t i = 0; i < r->interface_count; i++)
        if (l.ifaces[i] && out->instance_of[i] == UINT32_MAX && r->interfaces[i].world == WIT_NO_ID) {
            bool exported_iface = false;
            for (uint32_t e = 0; e < src->export_count; e++)
                exported_iface |= src->exports[e].kind == WIT_ITEM_INTERFACE && src->exports[e].id == i;
            if (!exported_iface)
                return comp_error_set(err, 0, "interface `%.*s` is needed but the world does not import it",
                                      (int)r->interfaces[i].name.len, r->interfaces[i].name.data);
        }
    wit_rworld *nw = &worlds[r->world_count];
    memset(nw, 0, sizeof *nw);
    nw->name = src->name;
    nw->package = src->package;
    nw->imports = items;
    nw->import_count = n;
    nw->file = WIT_NO_ID;
    tr->interfaces = ifaces;
    tr->worlds = worlds;
    tr->world_count = r->world_count + 1;
    return encode_world_type(tr, r->world_count, arena, &out->type, err);
}
