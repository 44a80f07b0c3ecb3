/* The types of a component's definitions (functions, instances,
 * components...), derived from where each index came from. */
#include "describe_out.h"
#include "describe_scope.h"

#include <string.h>

static void item(dprinter *p, const dscope *s, comp_space space, uint32_t index);

/* The scope of nested component `c` inside component scope `s`, built in
 * scratch memory; NULL when out of memory. */
static const dscope *nested_scope(dprinter *p, const dscope *s, const comp_component *c)
{
    comp_scope *cs = comp_arena_alloc(p->scratch, sizeof *cs);
    comp_index_spaces *spaces = comp_arena_alloc(p->scratch, sizeof *spaces);
    dscope *ds = comp_arena_alloc(p->scratch, sizeof *ds);
    if (!cs || !spaces || !ds || !comp_index_spaces_build(c, p->scratch, spaces, NULL))
        return NULL;
    *cs = (comp_scope){.outer = s->comp, .component = c, .spaces = spaces};
    *ds = (dscope){.outer = s, .comp = cs};
    return ds;
}

/* The declarations of the component or instance type at type index
 * `index` (kind `want`), entered as a scope; false when it is not one. */
static bool type_decls(dprinter *p, const dscope *s, uint32_t index, uint8_t want, dscope *out)
{
    dresolved r;
    return dsc_resolve_type(p, s, index, true, &r) && !r.named && r.def->kind == want &&
           dsc_enter_decls(p, r.def, r.where, out);
}

/* The export decl named `name` in a declaration scope, or NULL. */
static const comp_decl *find_decl(const dscope *d, comp_str name)
{
    for (uint32_t i = 0; i < d->decl_count; i++)
        if (d->decls[i].kind == COMP_DECL_EXPORT && comp_str_eq(d->decls[i].name.name, name))
            return &d->decls[i];
    return NULL;
}

static bool component_export(dprinter *p, const dscope *s, uint32_t index, comp_str name);

/* Prints the type of export `name` of instance `index`; false when it
 * cannot be found (nothing printed). */
static bool instance_export(dprinter *p, const dscope *s, uint32_t index, comp_str name)
{
    const comp_component *c = s->comp->component;
    const comp_space_entry *e = comp_index_space_at(s->comp->spaces, COMP_SPACE_INSTANCE, index);
    if (!e || p->budget == 0)
        return false;
    p->budget--;
    switch (e->section) {
    case COMP_CSEC_IMPORT: {
        dscope d;
        const comp_decl *decl;
        if (!type_decls(p, s, c->imports[e->item].type.index, COMP_TYPE_INSTANCE, &d) ||
            !(decl = find_decl(&d, name)))
            return false;
        dsc_externtype(p, &d, &decl->extern_type, true);
        return true;
    }
    case COMP_CSEC_INSTANCE: {
        const comp_instance *in = &c->instances[e->item];
        if (in->kind == COMP_INSTANCE_INSTANTIATE)
            return component_export(p, s, in->component, name);
        for (uint32_t i = 0; i < in->export_count; i++) {
            if (comp_str_eq(in->exports[i].name.name, name)) {
                item(p, s, comp_space_of_sort(in->exports[i].item.sort), in->exports[i].item.index);
                return true;
            }
        }
        return false;
    }
    case COMP_CSEC_EXPORT:
        return !c->exports[e->item].has_type &&
               instance_export(p, s, c->exports[e->item].item.index, name);
    default:
        return false;
    }
}

/* Prints the type of export `name` of component `index`. */
static bool component_export(dprinter *p, const dscope *s, uint32_t index, comp_str name)
{
    const comp_component *c = s->comp->component;
    const comp_space_entry *e = comp_index_space_at(s->comp->spaces, COMP_SPACE_COMPONENT, index);
    if (!e || p->budget == 0)
        return false;
    p->budget--;
    if (e->section == COMP_CSEC_COMPONENT) {
        const comp_component *inner = c->components[e->item];
        for (uint32_t i = 0; i < inner->export_count; i++) {
            const comp_cexport *ex = &inner->exports[i];
            if (!comp_str_eq(ex->name.name, name))
                continue;
            const dscope *ns = nested_scope(p, s, inner);
            if (!ns)
                return false;
            if (ex->has_type)
                dsc_externtype(p, ns, &ex->type, true);
            else
                item(p, ns, comp_space_of_sort(ex->item.sort), ex->item.index);
            return true;
        }
        return false;
    }
    if (e->section == COMP_CSEC_IMPORT) {
        dscope d;
        const comp_decl *decl;
        if (!type_decls(p, s, c->imports[e->item].type.index, COMP_TYPE_COMPONENT, &d) ||
            !(decl = find_decl(&d, name)))
            return false;
        dsc_externtype(p, &d, &decl->extern_type, true);
        return true;
    }
    return false;
}

/* " export "a" (T); export "b" (U)" for a list of named items. */
static void open_item(dprinter *p, bool *first, const char *keyword, comp_str name)
{
    dsc_cstr(p->out, *first ? " " : "; ");
    *first = false;
    dsc_cstr(p->out, keyword);
    comp_buf_byte(p->out, ' ');
    dsc_quoted(p->out, name);
    dsc_cstr(p->out, " (");
}

/* component { import ...; export ... } of a nested component. */
static void nested_component(dprinter *p, const dscope *s, const comp_component *inner,
                             bool imports)
{
    const dscope *ns = nested_scope(p, s, inner);
    if (!ns) {
        dsc_cstr(p->out, "<out of memory>");
        return;
    }
    bool first = true;
    dsc_cstr(p->out, "{");
    for (uint32_t i = 0; imports && i < inner->import_count && p->budget; i++) {
        open_item(p, &first, "import", inner->imports[i].name.name);
        dsc_externtype(p, ns, &inner->imports[i].type, true);
        comp_buf_byte(p->out, ')');
    }
    for (uint32_t i = 0; i < inner->export_count && p->budget; i++) {
        const comp_cexport *ex = &inner->exports[i];
        open_item(p, &first, "export", ex->name.name);
        if (ex->has_type)
            dsc_externtype(p, ns, &ex->type, true);
        else
            item(p, ns, comp_space_of_sort(ex->item.sort), ex->item.index);
        comp_buf_byte(p->out, ')');
    }
    dsc_cstr(p->out, first ? "}" : " }");
}

/* instance { export ... } of an instance section entry. */
static void instance_def(dprinter *p, const dscope *s, const comp_instance *in)
{
    const comp_component *c = s->comp->component;
    if (in->kind == COMP_INSTANCE_EXPORTS) {
        bool first = true;
        dsc_cstr(p->out, "instance {");
        for (uint32_t i = 0; i < in->export_count && p->budget; i++) {
            open_item(p, &first, "export", in->exports[i].name.name);
            item(p, s, comp_space_of_sort(in->exports[i].item.sort), in->exports[i].item.index);
            comp_buf_byte(p->out, ')');
        }
        dsc_cstr(p->out, first ? "}" : " }");
        return;
    }
    /* An instance of a component has that component's exports. */
    const comp_space_entry *e =
        comp_index_space_at(s->comp->spaces, COMP_SPACE_COMPONENT, in->component);
    if (e && e->section == COMP_CSEC_COMPONENT) {
        dsc_cstr(p->out, "instance ");
        nested_component(p, s, c->components[e->item], false);
        return;
    }
    dscope d;
    if (e && e->section == COMP_CSEC_IMPORT &&
        type_decls(p, s, c->imports[e->item].type.index, COMP_TYPE_COMPONENT, &d)) {
        bool first = true;
        dsc_cstr(p->out, "instance {");
        for (uint32_t i = 0; i < d.decl_count && p->budget; i++) {
            if (d.decls[i].kind != COMP_DECL_EXPORT)
                continue;
            open_item(p, &first, "export", d.decls[i].name.name);
            dsc_externtype(p, &d, &d.decls[i].extern_type, true);
            comp_buf_byte(p->out, ')');
        }
        dsc_cstr(p->out, first ? "}" : " }");
        return;
    }
    comp_buf_printf(p->out, "instance (instantiate (component %u))", (unsigned)in->component);
}

/* core module { import ...; export ... } of a nested core module. */
static void core_module(dprinter *p, const comp_module *m)
{
    comp_core_view v;
    if (!comp_core_view_init(&v, m, p->scratch, NULL)) {
        dsc_cstr(p->out, "core module <out of memory>");
        return;
    }
    bool first = true;
    dsc_cstr(p->out, "core module {");
    for (uint32_t i = 0; i < m->import_count && dsc_spend(p); i++) {
        dsc_cstr(p->out, first ? " import " : "; import ");
        first = false;
        dsc_quoted(p->out, m->imports[i].module);
        comp_buf_byte(p->out, ' ');
        dsc_quoted(p->out, m->imports[i].name);
        comp_buf_byte(p->out, ' ');
        comp_describe_core_import(p->out, m, &m->imports[i]);
    }
    for (uint32_t i = 0; i < m->export_count && dsc_spend(p); i++) {
        dsc_cstr(p->out, first ? " export " : "; export ");
        first = false;
        dsc_quoted(p->out, m->exports[i].name);
        comp_buf_byte(p->out, ' ');
        comp_describe_core_export(p->out, &v, &m->exports[i]);
    }
    dsc_cstr(p->out, first ? "}" : " }");
}

/* Where an index came from, when its type cannot be derived. */
static void origin(dprinter *p, const comp_space_entry *e, comp_space space, uint32_t index)
{
    const char *section = comp_component_section_name(e->section);
    comp_buf_printf(p->out, "%s %u (from %s %u)", comp_space_name(space), (unsigned)index,
               section ? section : "section", (unsigned)e->item);
}

static void alias_item(dprinter *p, const dscope *s, const comp_alias *a, comp_space space,
                       const comp_space_entry *e, uint32_t index)
{
    if (a->target == COMP_ALIAS_OUTER) {
        const dscope *o = dsc_outward(s, a->outer_count);
        if (o && o->comp) {
            item(p, o, space, a->outer_index);
            return;
        }
    } else if (a->target == COMP_ALIAS_EXPORT) {
        if (instance_export(p, s, a->instance, a->name))
            return;
        comp_buf_printf(p->out, "%s (alias export %u ", comp_space_name(space),
                        (unsigned)a->instance);
        dsc_quoted(p->out, a->name);
        comp_buf_byte(p->out, ')');
        return;
    } else {
        comp_buf_printf(p->out, "%s (alias core export %u ", comp_space_name(space),
                   (unsigned)a->instance);
        dsc_quoted(p->out, a->name);
        comp_buf_byte(p->out, ')');
        return;
    }
    origin(p, e, space, index);
}

static void canon_item(dprinter *p, const dscope *s, const comp_canon *cn)
{
    const char *name = comp_canon_name(cn->op);
    if (cn->op == COMP_CANON_LIFT) {
        dsc_typed_extern(p, s, cn->type, COMP_TYPE_FUNC, "func");
    } else if (cn->op == COMP_CANON_LOWER) {
        comp_buf_printf(p->out, "core func (canon lower (func %u))", (unsigned)cn->func);
    } else {
        comp_buf_printf(p->out, "core func (canon %s)", name ? name : "?");
    }
}

static void item_body(dprinter *p, const dscope *s, comp_space space, uint32_t index)
{
    const comp_component *c = s->comp->component;
    const comp_space_entry *e = comp_index_space_at(s->comp->spaces, space, index);
    if (!e) {
        comp_buf_printf(p->out, "%s %u <out of range>", comp_space_name(space), (unsigned)index);
        return;
    }
    switch (e->section) {
    case COMP_CSEC_IMPORT:
        dsc_externtype(p, s, &c->imports[e->item].type, true);
        return;
    case COMP_CSEC_EXPORT: {
        const comp_cexport *ex = &c->exports[e->item];
        if (ex->has_type)
            dsc_externtype(p, s, &ex->type, true);
        else
            item(p, s, comp_space_of_sort(ex->item.sort), ex->item.index);
        return;
    }
    case COMP_CSEC_ALIAS:
        alias_item(p, s, &c->aliases[e->item], space, e, index);
        return;
    case COMP_CSEC_CANON:
        canon_item(p, s, &c->canons[e->item]);
        return;
    case COMP_CSEC_TYPE:
        dsc_cstr(p->out, "type (eq ");
        dsc_deftype(p, s, &c->types[e->item]);
        comp_buf_byte(p->out, ')');
        return;
    case COMP_CSEC_INSTANCE:
        instance_def(p, s, &c->instances[e->item]);
        return;
    case COMP_CSEC_COMPONENT:
        dsc_cstr(p->out, "component ");
        nested_component(p, s, c->components[e->item], true);
        return;
    case COMP_CSEC_CORE_MODULE:
        core_module(p, c->modules[e->item]);
        return;
    case COMP_CSEC_CORE_TYPE: {
        const comp_core_type *t = &c->core_types[e->item];
        if (t->kind == COMP_CORE_TYPE_MODULE)
            dsc_module_type(p, s, index);
        else
            comp_describe_core_functype(p->out, &t->func);
        return;
    }
    default:
        origin(p, e, space, index);
        return;
    }
}

static void item(dprinter *p, const dscope *s, comp_space space, uint32_t index)
{
    if (!dsc_spend(p))
        return;
    p->depth++;
    item_body(p, s, space, index);
    p->depth--;
}

void comp_describe_item(comp_buf *out, const comp_scope *scope, comp_sortidx it,
                        comp_arena *scratch)
{
    dscope chain[COMP_DESCRIBE_MAX_DEPTH];
    dprinter p = {.out = out, .scratch = scratch, .budget = COMP_DESCRIBE_BUDGET};
    item(&p, dsc_enter_components(chain, scope), comp_space_of_sort(it.sort), it.index);
}
