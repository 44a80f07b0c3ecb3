/* The validator's entry point and component scopes: definitions in section
 * order, index spaces, component instances, aliases, imports, exports,
 * start and values (Binary.md, Explainer.md). */
#include "component/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool v_fail(vstate *s, size_t offset, const char *fmt, ...)
{
    if (s->err) {
        s->err->offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(s->err->message, sizeof s->err->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool v_oom(vstate *s, size_t offset) { return v_fail(s, offset, "out of memory"); }

bool vvec_push(vstate *s, vvec *v, uint32_t item, size_t offset)
{
    if (v->len == v->cap) { /* the test keeps the common path inline */
        uint32_t *p = comp_heap_reserve(v->v, &v->cap, (uint64_t)v->len + 1, sizeof *p);
        if (!p)
            return v_oom(s, offset);
        v->v = p;
    }
    v->v[v->len++] = item;
    return true;
}

void vvec_free(vvec *v)
{
    free(v->v);
    memset(v, 0, sizeof *v);
}

void *v_array(vstate *s, size_t count, size_t elem_size, size_t offset)
{
    void *p = comp_arena_array(&s->arena, count, elem_size);
    if (!p)
        v_oom(s, offset);
    return p;
}

/* ---- scopes -------------------------------------------------------------- */

void scope_init(vstate *s, vscope *sc, vscope *parent, uint8_t kind, size_t offset)
{
    memset(sc, 0, sizeof *sc);
    sc->parent = parent;
    sc->kind = kind;
    sc->serial = s->next_serial++;
    sc->offset = offset;
}

void scope_free(vscope *sc)
{
    vvec *vecs[] = {&sc->types, &sc->funcs, &sc->components, &sc->instances, &sc->values,
                    &sc->value_prims, &sc->core_types, &sc->core_funcs, &sc->core_tags,
                    &sc->core_modules, &sc->core_instances, &sc->core_tables,
                    &sc->core_memories, &sc->core_globals};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        vvec_free(vecs[i]);
    free(sc->consumed);
    free(sc->core_items);
    free(sc->imports);
    free(sc->exports);
    nameset_free(&sc->import_names);
    nameset_free(&sc->export_names);
    nameset_free(&sc->import_resources);
    nameset_free(&sc->export_resources);
    vmap_free(&sc->import_resource_names);
    vmap_free(&sc->export_resource_names);
    vmap_free(&sc->named);
}

static bool push_value(vstate *s, vscope *sc, vval v, size_t offset)
{
    uint8_t *consumed = comp_heap_reserve(sc->consumed, &sc->consumed_cap,
                                          (uint64_t)sc->values.len + 1, sizeof *consumed);
    if (!consumed)
        return v_oom(s, offset);
    sc->consumed = consumed;
    sc->consumed[sc->values.len] = 0;
    return vvec_push(s, &sc->values, v.id, offset) &&
           vvec_push(s, &sc->value_prims, v.prim, offset);
}

bool scope_push_entity(vstate *s, vscope *sc, const ventity *e, size_t offset)
{
    switch (e->sort) {
    case COMP_SORT_FUNC: return vvec_push(s, &sc->funcs, e->type, offset);
    case COMP_SORT_VALUE: return push_value(s, sc, e->value, offset);
    case COMP_SORT_TYPE: return vvec_push(s, &sc->types, e->type, offset);
    case COMP_SORT_COMPONENT: return vvec_push(s, &sc->components, e->type, offset);
    case COMP_SORT_INSTANCE: return vvec_push(s, &sc->instances, e->type, offset);
    default: return vvec_push(s, &sc->core_modules, e->type, offset);
    }
}

static const vvec *space_of(vscope *sc, uint8_t sort)
{
    switch (sort) {
    case COMP_SORT_FUNC: return &sc->funcs;
    case COMP_SORT_VALUE: return &sc->values;
    case COMP_SORT_TYPE: return &sc->types;
    case COMP_SORT_COMPONENT: return &sc->components;
    case COMP_SORT_INSTANCE: return &sc->instances;
    default: return &sc->core_modules;
    }
}

/* The entity of item `si`; values are consumed by the use. */
static bool sortidx_entity(vstate *s, vscope *sc, const comp_sortidx *si, size_t offset,
                           ventity *out)
{
    memset(out, 0, sizeof *out);
    uint8_t sort = si->sort.sort;
    if (sort == COMP_SORT_CORE && si->sort.core_sort != COMP_CORE_SORT_MODULE)
        return v_fail(s, offset, "%s not valid to be used as export or instantiation argument",
                      sort_name(sort, si->sort.core_sort));
    const vvec *space = space_of(sc, sort);
    if (si->index >= space->len)
        return v_fail(s, offset, "unknown %s %u: %s index out of bounds",
                      sort_name(sort, si->sort.core_sort), si->index,
                      sort_name(sort, si->sort.core_sort));
    out->sort = sort;
    if (sort == COMP_SORT_VALUE) {
        if (sc->consumed[si->index])
            return v_fail(s, offset, "cannot use value %u more than once", si->index);
        sc->consumed[si->index] = 1;
        out->value.prim = (uint8_t)sc->value_prims.v[si->index];
        out->value.id = sc->values.v[si->index];
    } else {
        out->type = space->v[si->index];
    }
    return true;
}

/* Gives imported and exported instances fresh copies of the resources and
 * the record-like type names their type declares, owned by `sc`. */
static bool freshen(vstate *s, vscope *sc, ventity *e, bool is_import, size_t offset)
{
    if (e->sort != COMP_SORT_INSTANCE ||
        (!node_at(s, e->type)->has_resource && !node_at(s, e->type)->has_type_import))
        return true;
    vsubst m;
    subst_init(&m);
    ventity in = *e;
    bool ok = entity_subst(s, &m, node_at(s, in.type)->serial, is_import, sc, &in, e, offset);
    subst_free(&m);
    return ok;
}

bool scope_externtype(vstate *s, vscope *sc, const comp_externtype *t, bool is_import,
                      size_t offset, ventity *out)
{
    memset(out, 0, sizeof *out);
    out->sort = t->kind;
    if (t->kind == COMP_SORT_CORE) {
        if (t->index >= sc->core_types.len)
            return v_fail(s, offset, "unknown core type %u: type index out of bounds", t->index);
        out->type = sc->core_types.v[t->index];
        if (node_at(s, out->type)->kind != VK_CORE_MODULE)
            return v_fail(s, offset, "core type index %u is not a module type", t->index);
        return true;
    }
    if (t->kind == COMP_SORT_VALUE) {
        if (t->bound == COMP_BOUND_EQ) {
            if (t->index >= sc->values.len)
                return v_fail(s, offset, "unknown value %u: value index out of bounds", t->index);
            out->value.prim = (uint8_t)sc->value_prims.v[t->index];
            out->value.id = sc->values.v[t->index];
            return true;
        }
        return resolve_valtype(s, sc, &t->value_type, offset, &out->value);
    }
    if (t->kind == COMP_SORT_TYPE && t->bound == COMP_BOUND_SUB_RESOURCE) {
        out->type = resource_fresh(s, sc, is_import, offset);
        return out->type != VID_NONE;
    }
    if (t->index >= sc->types.len)
        return v_fail(s, offset, "unknown type %u: type index out of bounds", t->index);
    out->type = sc->types.v[t->index];
    uint8_t k = node_at(s, out->type)->kind;
    switch (t->kind) {
    case COMP_SORT_TYPE:
        /* Inside a type declaration an exported type is as abstract as an
         * imported one: instantiation renames both (rename_types). */
        out->type = type_named_copy(s, sc, out->type, is_import || sc->kind != SCOPE_COMPONENT,
                                    offset);
        return out->type != VID_NONE;
    case COMP_SORT_FUNC:
        if (k != COMP_TYPE_FUNC && k != COMP_TYPE_ASYNC_FUNC)
            return v_fail(s, offset, "type index %u is not a function type", t->index);
        return true;
    case COMP_SORT_COMPONENT:
        if (k != COMP_TYPE_COMPONENT)
            return v_fail(s, offset, "type index %u is not a component type", t->index);
        return true;
    case COMP_SORT_INSTANCE:
        if (k != COMP_TYPE_INSTANCE)
            return v_fail(s, offset, "type index %u is not an instance type", t->index);
        return freshen(s, sc, out, is_import, offset);
    default:
        return v_fail(s, offset, "invalid leading byte (0x%x) for component external kind", t->kind);
    }
}

/* ---- aliases ---------------------------------------------------------------- */

static bool alias_export(vstate *s, vscope *sc, const comp_alias *a, bool in_type)
{
    size_t off = a->offset;
    uint8_t sort = a->sort.sort;
    if (in_type && sort != COMP_SORT_TYPE && sort != COMP_SORT_INSTANCE)
        return v_fail(s, off, "export aliases in type declarations may only refer to types or instances");
    if (a->instance >= sc->instances.len)
        return v_fail(s, off, "unknown instance %u: instance index out of bounds", a->instance);
    const vnamed *e = instance_export(s, sc->instances.v[a->instance], a->name);
    if (!e)
        return v_fail(s, off, "instance %u has no export named `%.*s`", a->instance,
                      (int)a->name.len, a->name.data);
    ventity ent = e->e;
    bool core_module = sort == COMP_SORT_CORE && a->sort.core_sort == COMP_CORE_SORT_MODULE;
    if (ent.sort != sort || (sort == COMP_SORT_CORE && !core_module))
        return v_fail(s, off, "export `%.*s` for instance %u is not a %s", (int)a->name.len,
                      a->name.data, a->instance, sort_name(sort, a->sort.core_sort));
    if (sort == COMP_SORT_VALUE)
        return push_value(s, sc, ent.value, off);
    return scope_push_entity(s, sc, &ent, off);
}

static bool alias_core_export(vstate *s, vscope *sc, const comp_alias *a, bool in_type)
{
    size_t off = a->offset;
    if (in_type)
        return v_fail(s, off, "core export aliases are not allowed in type declarations");
    if (a->sort.sort != COMP_SORT_CORE)
        return v_fail(s, off, "core export alias must have a core sort");
    if (a->instance >= sc->core_instances.len)
        return v_fail(s, off, "unknown core instance %u: instance index out of bounds", a->instance);
    const vcore_named *e = core_instance_export(s, sc->core_instances.v[a->instance], a->name);
    if (!e)
        return v_fail(s, off, "core instance %u has no export named `%.*s`", a->instance,
                      (int)a->name.len, a->name.data);
    static const uint8_t kind_of_sort[5] = {COMP_EXTERN_FUNC, COMP_EXTERN_TABLE,
                                            COMP_EXTERN_MEMORY, COMP_EXTERN_GLOBAL,
                                            COMP_EXTERN_TAG};
    uint8_t cs = a->sort.core_sort;
    if (cs > COMP_CORE_SORT_TAG || kind_of_sort[cs] != e->e.kind)
        return v_fail(s, off, "export `%.*s` for core instance %u is not a %s", (int)a->name.len,
                      a->name.data, a->instance,
                      cs <= COMP_CORE_SORT_TAG ? core_extern_name(kind_of_sort[cs])
                                               : sort_name(COMP_SORT_CORE, cs));
    vcore_extern item = e->e;
    return core_push_item(s, sc, &item, off);
}

/* Whether a type refers to resources it does not introduce itself. A
 * component or instance type binds the resources its declarations introduce
 * (abstract imports and exports, and those of instances it imports or
 * exports); all of them originate in scopes numbered within its
 * declaration's range, every other resource lies outside it. */
static bool has_free_resources(const vnode *n)
{
    if (!n->has_resource)
        return false;
    bool declared = (n->kind == COMP_TYPE_COMPONENT || n->kind == COMP_TYPE_INSTANCE) &&
                    n->serial_end != 0;
    return !declared || n->res_lo < n->serial || n->res_hi >= n->serial_end;
}

static bool alias_outer(vstate *s, vscope *sc, const comp_alias *a, bool in_type)
{
    size_t off = a->offset;
    uint8_t sort = a->sort.sort, cs = a->sort.core_sort;
    bool core_type = sort == COMP_SORT_CORE && cs == COMP_CORE_SORT_TYPE;
    bool core_module = sort == COMP_SORT_CORE && cs == COMP_CORE_SORT_MODULE;
    if (in_type ? !(core_type || sort == COMP_SORT_TYPE)
                : !(core_type || core_module || sort == COMP_SORT_TYPE ||
                    sort == COMP_SORT_COMPONENT))
        return in_type ? v_fail(s, off, "aliases in type declarations may only refer to types or "
                                "instances (outer aliases: core types and types)")
                       : v_fail(s, off, "outer aliases may only refer to core modules, core types, "
                                "components and types");
    vscope *target = sc;
    bool crosses_component = false;
    for (uint32_t i = 0; i < a->outer_count; i++) {
        if (!target->parent)
            return v_fail(s, off, "invalid outer alias count of %u", a->outer_count);
        crosses_component |= target->kind == SCOPE_COMPONENT;
        target = target->parent;
    }
    const vvec *space = core_type ? &target->core_types
                        : core_module ? &target->core_modules
                        : sort == COMP_SORT_TYPE ? &target->types
                                                 : &target->components;
    if (a->outer_index >= space->len)
        return v_fail(s, off, "unknown %s %u: index out of bounds", sort_name(sort, cs),
                      a->outer_index);
    vid id = space->v[a->outer_index];
    if (core_type)
        return vvec_push(s, &sc->core_types, id, off);
    if (sort == COMP_SORT_TYPE && crosses_component && has_free_resources(node_at(s, id)))
        return v_fail(s, off, "type index %u of outer scope transitively refers to resources not "
                      "defined in the current component", a->outer_index);
    ventity e = {core_module ? COMP_SORT_CORE : sort, id, {0, VID_NONE}};
    return scope_push_entity(s, sc, &e, off);
}

bool scope_alias(vstate *s, vscope *sc, const comp_alias *a, bool in_type)
{
    switch (a->target) {
    case COMP_ALIAS_EXPORT: return alias_export(s, sc, a, in_type);
    case COMP_ALIAS_CORE_EXPORT: return alias_core_export(s, sc, a, in_type);
    case COMP_ALIAS_OUTER: return alias_outer(s, sc, a, in_type);
    default: return v_fail(s, a->offset, "invalid leading byte (0x%x) for alias", a->target);
    }
}

/* ---- instances ------------------------------------------------------------------- */

static vid instance_node(vstate *s, vnamed *exports, uint32_t count, uint32_t serial, size_t off)
{
    vid id = node_new(s, COMP_TYPE_INSTANCE, off);
    if (id == VID_NONE)
        return id;
    vnode *n = node_at(s, id);
    n->exports = exports;
    n->export_count = count;
    n->serial = serial;
    if (!node_finish(s, id, off) || !node_sort_exports(s, id, off))
        return VID_NONE;
    return id;
}

static vnamed *arena_named(vstate *s, const vnamed *from, uint32_t count, size_t off)
{
    vnamed *p = v_array(s, count ? count : 1, sizeof *p, off);
    if (p && count)
        memcpy(p, from, (size_t)count * sizeof *p);
    return p;
}

/* After argument `actual` matched import `expected`: the child's names for
 * the record-like types it imports, directly or as type exports of an
 * imported instance (at any depth), are renamed to the argument's types, so
 * the new instance's types refer to the parent's names for them. A name that
 * two arguments would rename differently (one instance type imported twice)
 * is left as it is. Component-typed imports rename nothing: the types a
 * component type declares are parameters of each of its instantiations, which
 * rename them in turn. */
static bool rename_types(vstate *s, vsubst *m, const ventity *actual, const ventity *expected,
                         size_t off)
{
    if (expected->sort == COMP_SORT_TYPE) {
        vid key = expected->type;
        if (!node_at(s, key)->type_import)
            return true;
        vid arg = actual->type;
        if (node_at(s, arg)->bag_export) /* no type index of its own */
            arg = node_at(s, arg)->copy_of;
        uint32_t prev = vmap_get(&m->map, key);
        vid to = prev == UINT32_MAX || prev == arg ? arg : key;
        return vmap_put(s, &m->map, key, to, off);
    }
    if (expected->sort != COMP_SORT_INSTANCE || !node_at(s, expected->type)->has_type_import)
        return true;
    uint32_t n = node_at(s, expected->type)->export_count;
    for (uint32_t i = 0; i < n; i++) {
        vnamed want = node_at(s, expected->type)->exports[i];
        const vnamed *have = instance_export(s, actual->type, want.name);
        ventity got = have ? have->e : want.e; /* subtyping found every export */
        if (have && !rename_types(s, m, &got, &want.e, off))
            return false;
    }
    return true;
}

static bool instantiate(vstate *s, vscope *sc, const comp_instance *in, vid *out)
{
    size_t off = in->offset;
    if (in->component >= sc->components.len)
        return v_fail(s, off, "unknown component %u: component index out of bounds", in->component);
    vid c = sc->components.v[in->component];
    ventity *args = calloc(in->arg_count ? in->arg_count : 1, sizeof *args);
    nameset names = {0};
    vsubst m;
    subst_init(&m);
    m.bind_serial_a = node_at(s, c)->serial;
    bool ok = args != NULL;
    if (!ok)
        v_oom(s, off);
    for (uint32_t i = 0; ok && i < in->arg_count; i++) {
        const comp_instantiate_arg *a = &in->args[i];
        const nameslot *prev;
        if (!nameset_insert(s, &names, a->name, a->name, i, &prev, off)) {
            ok = prev && v_fail(s, off, "instantiation argument `%.*s` conflicts with previous "
                                "argument `%.*s`", (int)a->name.len, a->name.data,
                                (int)prev->name.len, prev->name.data);
            break;
        }
        ok = sortidx_entity(s, sc, &a->item, off, &args[i]);
    }
    uint32_t n = ok ? node_at(s, c)->import_count : 0;
    for (uint32_t i = 0; ok && i < n; i++) {
        vnamed want = node_at(s, c)->imports[i];
        const nameslot *arg = nameset_find(&names, want.name);
        if (!arg || comp_str_cmp(arg->name, want.name) != 0) {
            ok = v_fail(s, off, "missing import named `%.*s`", (int)want.name.len, want.name.data);
            break;
        }
        if (!entity_subtype(s, &m, &args[arg->value], &want.e, off)) {
            char inner[sizeof s->err->message];
            memcpy(inner, s->err->message, sizeof inner);
            ok = v_fail(s, off, "type mismatch for component instantiation argument `%.*s`: %.160s",
                        (int)want.name.len, want.name.data, inner);
        } else {
            ok = rename_types(s, &m, &args[arg->value], &want.e, off);
        }
    }
    /* The instance's exports: the component's, with imports substituted
     * and the resources it defines made fresh for this instance. */
    uint32_t count = ok ? node_at(s, c)->export_count : 0;
    vnamed *exports = ok ? v_array(s, count ? count : 1, sizeof *exports, off) : NULL;
    ok = ok && exports;
    for (uint32_t i = 0; ok && i < count; i++) {
        vnamed e = node_at(s, c)->exports[i];
        exports[i].name = e.name;
        ok = entity_subst(s, &m, node_at(s, c)->serial, false, sc, &e.e, &exports[i].e, off);
    }
    if (ok) {
        *out = instance_node(s, exports, count, sc->serial, off);
        ok = *out != VID_NONE;
    }
    free(args);
    nameset_free(&names);
    subst_free(&m);
    return ok;
}

/* A bag of exports: names follow the rules of an instance type's. */
static bool inline_instance(vstate *s, vscope *sc, const comp_instance *in, vid *out)
{
    size_t off = in->offset;
    vscope bag;
    scope_init(s, &bag, sc, SCOPE_INSTANCE_TYPE, off);
    bag.bag = true;
    bool ok = true;
    for (uint32_t i = 0; ok && i < in->export_count; i++) {
        ventity e;
        ok = sortidx_entity(s, sc, &in->exports[i].item, off, &e);
        if (ok && e.sort == COMP_SORT_TYPE) {
            ok = (e.type = type_named_copy(s, sc, e.type, false, off)) != VID_NONE;
            if (ok && node_at(s, e.type)->copy_of != VID_NONE)
                node_at(s, e.type)->bag_export = true;
        }
        ok = ok && add_extern_name(s, &bag, &in->exports[i].name, &e, false, off);
    }
    vnamed *exports = ok ? arena_named(s, bag.exports, bag.export_count, off) : NULL;
    if (exports) {
        *out = instance_node(s, exports, bag.export_count, bag.serial, off);
        ok = *out != VID_NONE;
    } else {
        ok = false;
    }
    scope_free(&bag);
    return ok;
}

static bool add_instance(vstate *s, vscope *sc, const comp_instance *in)
{
    vid id = VID_NONE;
    bool ok = in->kind == COMP_INSTANCE_INSTANTIATE ? instantiate(s, sc, in, &id)
                                                    : inline_instance(s, sc, in, &id);
    return ok && vvec_push(s, &sc->instances, id, in->offset);
}

/* ---- imports, exports, start, values ------------------------------------------------ */

static bool add_import(vstate *s, vscope *sc, const comp_cimport *im)
{
    ventity e;
    return scope_externtype(s, sc, &im->type, true, im->offset, &e) &&
           add_extern_name(s, sc, &im->name, &e, true, im->offset) &&
           visible_check_and_name(s, sc, &e, true, im->offset) &&
           scope_push_entity(s, sc, &e, im->offset);
}

static bool add_export(vstate *s, vscope *sc, const comp_cexport *ex)
{
    size_t off = ex->offset;
    ventity actual, e;
    if (!sortidx_entity(s, sc, &ex->item, off, &actual))
        return false;
    e = actual;
    if (!ex->has_type && e.sort == COMP_SORT_TYPE) {
        /* The export introduces a new type index; that one is named. */
        e.type = type_named_copy(s, sc, e.type, false, off);
        if (e.type == VID_NONE)
            return false;
    }
    if (ex->has_type) {
        /* Resources the ascription introduces get their own serial, so that
         * exactly they are bound to the actual ones. */
        uint32_t saved = sc->serial;
        sc->serial = s->next_serial++;
        ventity ascribed;
        bool ok = scope_externtype(s, sc, &ex->type, false, off, &ascribed);
        uint32_t own_serial = sc->serial;
        sc->serial = saved;
        if (!ok)
            return false;
        vsubst m;
        subst_init(&m);
        m.bind_serial_a = own_serial;
        if (ascribed.sort == COMP_SORT_INSTANCE || ascribed.sort == COMP_SORT_COMPONENT)
            m.bind_serial_b = node_at(s, ascribed.type)->serial;
        ok = entity_subtype(s, &m, &actual, &ascribed, off);
        subst_free(&m);
        if (!ok) {
            char inner[sizeof s->err->message];
            memcpy(inner, s->err->message, sizeof inner);
            v_fail(s, off, "ascribed type of export is not compatible with item's type: %.180s", inner);
        } else {
            /* The ascription becomes the export's type: its `sub resource`
             * bounds stay fresh abstract types, unequal to the resources
             * they were checked against (Binary.md "exportdecl"). They are
             * re-homed to this component so each instance gets its own. */
            subst_init(&m);
            ok = entity_subst(s, &m, own_serial, false, sc, &ascribed, &e, off);
            subst_free(&m);
        }
        if (!ok)
            return false;
    }
    return add_extern_name(s, sc, &ex->name, &e, false, off) &&
           visible_check_and_name(s, sc, &e, false, off) && scope_push_entity(s, sc, &e, off);
}

static bool add_start(vstate *s, vscope *sc, const comp_start *st)
{
    size_t off = st->offset;
    if (st->func >= sc->funcs.len)
        return v_fail(s, off, "unknown function %u: function index out of bounds", st->func);
    vnode ft = *node_at(s, sc->funcs.v[st->func]);
    if (st->arg_count != ft.count)
        return v_fail(s, off, "component start function requires %u arguments but was given %u",
                      ft.count, st->arg_count);
    for (uint32_t i = 0; i < st->arg_count; i++) {
        comp_sortidx si = {{COMP_SORT_VALUE, 0}, st->args[i]};
        ventity arg;
        if (!sortidx_entity(s, sc, &si, off, &arg))
            return false;
        vsubst m;
        subst_init(&m);
        bool ok = val_equal(s, &m, arg.value, ft.fields[i].type);
        subst_free(&m);
        if (!ok)
            return v_fail(s, off, "value type mismatch for component start function argument %u", i);
    }
    if (st->result_count != (ft.has_a ? 1u : 0u))
        return v_fail(s, off, "component start function has a result count of %u but the function "
                      "type has a result count of %u", st->result_count, ft.has_a ? 1u : 0u);
    return !ft.has_a || push_value(s, sc, ft.a, off);
}

static bool add_value(vstate *s, vscope *sc, const comp_value *v)
{
    vval t;
    return resolve_valtype(s, sc, &v->type, v->offset, &t) && push_value(s, sc, t, v->offset);
}

/* ---- components ---------------------------------------------------------------------- */

static bool define(vstate *s, vscope *sc, const comp_component *c, uint8_t id, uint32_t i)
{
    switch (id) {
    case COMP_CSEC_CUSTOM:
        return true;
    case COMP_CSEC_CORE_MODULE:
        return core_add_module(s, sc, c->modules[i]);
    case COMP_CSEC_CORE_INSTANCE:
        return core_add_instance(s, sc, &c->core_instances[i]);
    case COMP_CSEC_CORE_TYPE:
        return core_define_type(s, sc, &c->core_types[i]);
    case COMP_CSEC_COMPONENT: {
        vid t = VID_NONE;
        return validate_component_scope(s, sc, c->components[i], &t) &&
               vvec_push(s, &sc->components, t, c->components[i]->offset);
    }
    case COMP_CSEC_INSTANCE:
        return add_instance(s, sc, &c->instances[i]);
    case COMP_CSEC_ALIAS:
        return scope_alias(s, sc, &c->aliases[i], false);
    case COMP_CSEC_TYPE:
        return define_type(s, sc, &c->types[i]);
    case COMP_CSEC_CANON:
        return canon_define(s, sc, &c->canons[i]);
    case COMP_CSEC_START:
        return add_start(s, sc, &c->starts[i]);
    case COMP_CSEC_IMPORT:
        return add_import(s, sc, &c->imports[i]);
    case COMP_CSEC_EXPORT:
        return add_export(s, sc, &c->exports[i]);
    case COMP_CSEC_VALUE:
        return add_value(s, sc, &c->values[i]);
    default:
        return v_fail(s, c->offset, "malformed section id %u", id);
    }
}

/* The component's type: its imports and exports, quantified over the
 * resources of this scope. */
static bool component_type(vstate *s, vscope *sc, size_t off, vid *out)
{
    vid id = node_new(s, COMP_TYPE_COMPONENT, off);
    if (id == VID_NONE)
        return false;
    vnamed *im = arena_named(s, sc->imports, sc->import_count, off);
    vnamed *ex = arena_named(s, sc->exports, sc->export_count, off);
    if (!im || !ex)
        return false;
    vnode *n = node_at(s, id);
    n->imports = im;
    n->import_count = sc->import_count;
    n->exports = ex;
    n->export_count = sc->export_count;
    n->serial = sc->serial;
    *out = id;
    return node_finish(s, id, off) && node_sort_exports(s, id, off);
}

bool validate_component_scope(vstate *s, vscope *parent, const comp_component *c, vid *type_out)
{
    if (s->depth >= VAL_MAX_DEPTH)
        return v_fail(s, c->offset, "components are nested too deeply");
    s->depth++;
    vscope sc;
    scope_init(s, &sc, parent, SCOPE_COMPONENT, c->offset);
    bool ok = true;
    for (uint32_t k = 0; ok && k < c->section_count; k++) {
        const comp_component_section *sec = &c->sections[k];
        for (uint32_t i = sec->first; ok && i < sec->first + sec->count; i++)
            ok = define(s, &sc, c, sec->id, i);
    }
    for (uint32_t i = 0; ok && i < sc.values.len; i++)
        if (!sc.consumed[i])
            ok = v_fail(s, c->offset + c->size, "value index %u was not consumed", i);
    if (ok && type_out)
        ok = component_type(s, &sc, c->offset, type_out);
    scope_free(&sc);
    s->depth--;
    return ok;
}

bool comp_component_validate(const comp_component *c, uint32_t features, comp_error *err)
{
    vstate s;
    memset(&s, 0, sizeof s);
    s.features = features;
    s.err = err;
    s.root = c;
    comp_arena_init(&s.arena);
    bool ok = validate_component_scope(&s, NULL, c, NULL);
    comp_arena_free(&s.arena);
    free(s.nodes);
    nameset_free(&s.scratch);
    return ok;
}
