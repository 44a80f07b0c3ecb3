/* Writing the composed component: open imports (with their types), nested
 * components, instantiations in dependency order, aliases and exports;
 * then type checks of every wire and validation of the whole. */
#include "compose/compose_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An import of an instance left open, in instantiation order. */
typedef struct open_use {
    comp_str key; /* cg_share_key of its name */
    uint32_t instance, import, position;
} open_use;

static int use_cmp(const void *pa, const void *pb)
{
    const open_use *a = pa, *b = pb;
    int c = comp_str_cmp(a->key, b->key);
    if (c)
        return c;
    return a->position < b->position ? -1 : a->position > b->position;
}

static int name_cmp(const void *pa, const void *pb)
{
    const cg_open_name *a = pa, *b = pb;
    return comp_str_cmp(a->name, b->name);
}

cg_open *cg_open_find(cg_emit *e, comp_str name)
{
    uint32_t lo = 0, hi = e->name_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = comp_str_cmp(e->names[mid].name, name);
        if (c == 0)
            return &e->opens[e->names[mid].open];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static comp_str import_name(cg_emit *e, uint32_t instance, uint32_t import)
{
    const comp_compose *g = e->g;
    return g->components[g->instances[instance].component].c->imports[import].name.name;
}

/* Groups the open imports by interface and semver-compatible version (or
 * by name); the member of the highest version gives the name and type. */
static bool collect_opens(cg_emit *e, const uint32_t *order, comp_error *err)
{
    comp_compose *g = e->g;
    uint32_t count = 0;
    for (uint32_t k = 0; k < g->instance_count; k++) {
        const cg_instance *in = &g->instances[order[k]];
        uint32_t n = g->components[in->component].c->import_count;
        for (uint32_t j = 0; j < n; j++)
            count += in->from[j] == CG_NONE;
    }
    size_t n1 = count ? count : 1;
    open_use *uses = malloc(n1 * sizeof *uses);
    e->opens = calloc(n1, sizeof *e->opens);
    e->members = malloc(n1 * sizeof *e->members);
    e->names = malloc(n1 * sizeof *e->names);
    if (!uses || !e->opens || !e->members || !e->names) {
        free(uses);
        return comp_error_set(err, 0, "out of memory");
    }
    uint32_t at = 0;
    for (uint32_t k = 0; k < g->instance_count; k++) {
        const cg_instance *in = &g->instances[order[k]];
        const comp_component *c = g->components[in->component].c;
        for (uint32_t j = 0; j < c->import_count; j++)
            if (in->from[j] == CG_NONE) {
                open_use u = {cg_share_key(c->imports[j].name.name), order[k], j, at};
                uses[at++] = u;
            }
    }
    qsort(uses, count, sizeof *uses, use_cmp);
    for (uint32_t i = 0; i < count; i++) {
        cg_member m = {uses[i].instance, uses[i].import};
        comp_str name = import_name(e, m.instance, m.import);
        cg_open *o = e->open_count ? &e->opens[e->open_count - 1] : NULL;
        if (i == 0 || !comp_str_eq(uses[i - 1].key, uses[i].key)) {
            o = &e->opens[e->open_count++];
            o->first_member = i;
            o->state = CG_OPEN_PENDING;
            o->index = CG_NONE;
        }
        if (o->member_count == 0 || cg_version_cmp(name, o->name) > 0) {
            o->name = name;
            o->source_instance = m.instance;
            o->source_import = m.import;
        }
        e->members[i] = m;
        o->member_count++;
        e->names[i].name = name;
        e->names[i].open = (uint32_t)(o - e->opens);
    }
    free(uses);
    qsort(e->names, count, sizeof *e->names, name_cmp);
    for (uint32_t i = 0; i < count; i++)
        if (i == 0 || !comp_str_eq(e->names[i].name, e->names[e->name_count - 1].name))
            e->names[e->name_count++] = e->names[i];
    for (uint32_t k = 0; k < e->open_count; k++)
        if (e->opens[k].member_count > 1 && !cg_share_plan(e, &e->opens[k], err))
            return false;
    return true;
}

static const char *label(comp_compose *g, uint32_t instance)
{
    return cg_display(g, instance);
}

/* Checks every import of every instance against what feeds it, in
 * instantiation order and import order (see comp_typecheck). */
static bool check_wires(cg_emit *e, const uint32_t *order, comp_error *err)
{
    comp_compose *g = e->g;
    for (uint32_t k = 0; k < g->instance_count; k++) {
        uint32_t i = order[k];
        const cg_instance *in = &g->instances[i];
        const cg_component *cc = &g->components[in->component];
        for (uint32_t j = 0; j < cc->c->import_count; j++) {
            comp_str name = cc->c->imports[j].name.name;
            comp_error why = {0};
            bool ok;
            char source[160];
            if (in->from[j] != CG_NONE) {
                uint32_t from = in->from[j];
                ok = comp_check_extern_subtype(g->checker, g->instances[from].checker_id, false,
                                               in->export_name[j], in->checker_id, name, &why);
                snprintf(source, sizeof source, "take export `%.*s` of %s",
                         (int)in->export_name[j].len, in->export_name[j].data, label(g, from));
            } else {
                const cg_open *o = cg_open_find(e, name);
                if (o->source_instance == i && o->source_import == j)
                    continue;
                cg_member m = {i, j};
                if (o->plan)
                    ok = cg_share_check(e, o, &m, &why);
                else
                    ok = comp_check_extern_subtype(g->checker,
                                                   g->instances[o->source_instance].checker_id,
                                                   true, o->name, in->checker_id, name, &why);
                snprintf(source, sizeof source, "share import `%.*s` of %s", (int)o->name.len,
                         o->name.data, label(g, o->source_instance));
            }
            if (!ok)
                return comp_error_set(err, 0, "import `%.*s` of %s cannot %s: %s",
                                      (int)name.len, name.data, label(g, i), source, why.message);
        }
    }
    return true;
}

/* Nests component `k`, or imports it by its type. */
static uint32_t define_component(cg_emit *e, uint32_t k, comp_error *err)
{
    const cg_component *cc = &e->g->components[k];
    if (!cc->import_type)
        return cg_add_component(&e->b, cc->c, err);
    uint32_t type = cg_add_type(&e->b, cc->import_type, err);
    if (type == CG_NONE)
        return CG_NONE;
    comp_cimport im = {0};
    im.name.name = cc->import_name;
    im.type.kind = COMP_SORT_COMPONENT;
    im.type.index = type;
    return cg_add_import(&e->b, &im, err);
}

static bool instantiate_all(cg_emit *e, const uint32_t *order, comp_error *err)
{
    comp_compose *g = e->g;
    for (uint32_t k = 0; k < g->instance_count; k++) {
        uint32_t i = order[k];
        const cg_instance *in = &g->instances[i];
        const comp_component *c = g->components[in->component].c;
        /* Its open imports first: their types may name exports of the
         * instances made before (a plugged interface's resources). */
        for (uint32_t j = 0; j < c->import_count; j++)
            if (in->from[j] == CG_NONE &&
                !cg_emit_open_import(e, cg_open_find(e, c->imports[j].name.name), 0, err))
                return false;
        if (e->component_index[in->component] == CG_NONE) {
            e->component_index[in->component] = define_component(e, in->component, err);
            if (e->component_index[in->component] == CG_NONE)
                return false;
        }
        comp_instance inst = {0};
        inst.kind = COMP_INSTANCE_INSTANTIATE;
        inst.component = e->component_index[in->component];
        inst.arg_count = c->import_count;
        inst.args = comp_arena_array(&g->arena, c->import_count ? c->import_count : 1,
                                     sizeof *inst.args);
        if (!inst.args)
            return comp_error_set(err, 0, "out of memory");
        for (uint32_t j = 0; j < c->import_count; j++) {
            comp_instantiate_arg *a = &inst.args[j];
            a->name = c->imports[j].name.name;
            a->item.sort = cg_sort_of_extern(c->imports[j].type.kind);
            if (in->from[j] == CG_NONE) {
                a->item.index = cg_open_find(e, a->name)->index;
                continue;
            }
            comp_alias al = {0};
            al.sort = a->item.sort;
            al.target = COMP_ALIAS_EXPORT;
            al.instance = e->instance_index[in->from[j]];
            al.name = in->export_name[j];
            a->item.index = cg_add_alias(&e->b, &al, err);
            if (a->item.index == CG_NONE)
                return false;
        }
        e->instance_index[i] = cg_add_instance(&e->b, &inst, err);
        if (e->instance_index[i] == CG_NONE)
            return false;
    }
    return true;
}

static bool export_all(cg_emit *e, comp_error *err)
{
    comp_compose *g = e->g;
    for (uint32_t k = 0; k < g->export_count; k++) {
        const cg_export *x = &g->exports[k];
        const comp_component *c = g->components[g->instances[x->instance].component].c;
        const comp_cexport *src = &c->exports[cg_find_export(c, x->export_name)];
        comp_alias al = {0};
        al.sort = src->item.sort;
        al.target = COMP_ALIAS_EXPORT;
        al.instance = e->instance_index[x->instance];
        al.name = x->export_name;
        comp_cexport ex = {0};
        /* Keep the name's attributes (version suffix...) when not renamed. */
        if (comp_str_eq(x->as_name, x->export_name))
            ex.name = src->name;
        else
            ex.name.name = x->as_name;
        ex.item.sort = al.sort;
        ex.item.index = cg_add_alias(&e->b, &al, err);
        if (ex.item.index == CG_NONE || cg_add_export(&e->b, &ex, err) == CG_NONE)
            return false;
    }
    return true;
}

/* Encodes the built model, then decodes and validates what was written. */
static bool finish(cg_emit *e, comp_buf *out, comp_error *err)
{
    comp_component view;
    cg_builder_view(&e->b, &view);
    comp_buf bytes = {0};
    bool ok = comp_component_encode(&view, &bytes, err);
    if (ok && bytes.oom)
        ok = comp_error_set(err, 0, "out of memory");
    if (ok) {
        comp_arena scratch;
        comp_arena_init(&scratch);
        comp_component *back;
        comp_error why = {0};
        ok = comp_component_decode(bytes.data, bytes.len, &scratch, &back, &why) &&
             comp_component_validate(back, e->g->features, &why);
        if (!ok)
            comp_error_set(err, why.offset, "the composed component is invalid: %s", why.message);
        comp_arena_free(&scratch);
    }
    if (ok) {
        comp_buf_append(out, bytes.data, bytes.len);
        if (out->oom)
            ok = comp_error_set(err, 0, "out of memory");
    }
    comp_buf_free(&bytes);
    return ok;
}

bool comp_compose_encode(comp_compose *g, comp_buf *out, comp_error *err)
{
    uint32_t *order;
    if (!cg_order(g, &order, err))
        return false;
    cg_emit e;
    memset(&e, 0, sizeof e);
    e.g = g;
    cg_builder_init(&e.b, &g->arena);
    uint32_t ni = g->instance_count ? g->instance_count : 1;
    bool ok = true;
    for (int s = 0; ok && s < COMP_SPACE_COUNT; s++)
        ok = (e.map[s] = calloc(ni, sizeof *e.map[s])) != NULL;
    e.instance_index = malloc((size_t)ni * sizeof *e.instance_index);
    e.component_index = malloc((size_t)(g->component_count ? g->component_count : 1) *
                               sizeof *e.component_index);
    ok = ok && e.instance_index && e.component_index;
    if (!ok)
        comp_error_set(err, 0, "out of memory");
    for (uint32_t i = 0; ok && i < g->instance_count; i++)
        e.instance_index[i] = CG_NONE;
    for (uint32_t i = 0; ok && i < g->component_count; i++)
        e.component_index[i] = CG_NONE;
    ok = ok && collect_opens(&e, order, err) && check_wires(&e, order, err);
    ok = ok && instantiate_all(&e, order, err) && export_all(&e, err) && finish(&e, out, err);
    for (int s = 0; s < COMP_SPACE_COUNT; s++) {
        for (uint32_t i = 0; e.map[s] && i < g->instance_count; i++)
            free(e.map[s][i]);
        free(e.map[s]);
    }
    free(e.instance_index);
    free(e.component_index);
    for (uint32_t k = 0; e.opens && k < e.open_count; k++)
        free(e.opens[k].plan);
    free(e.opens);
    free(e.members);
    free(e.names);
    cg_builder_free(&e.b);
    free(order);
    return ok;
}
