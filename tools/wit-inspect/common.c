/* Pieces shared by the text summary and the JSON output. */
#include "inspect.h"

void put_buf(FILE *f, comp_buf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, f);
    b->len = 0;
}

void put_quoted(FILE *f, comp_str s)
{
    comp_buf b = {0};
    comp_describe_quoted(&b, s);
    put_buf(f, &b);
    comp_buf_free(&b);
}

const comp_scope *nested_scope(const comp_scope *outer, const comp_component *c,
                               comp_arena *arena)
{
    comp_scope *s = comp_arena_alloc(arena, sizeof *s);
    comp_index_spaces *spaces = comp_arena_alloc(arena, sizeof *spaces);
    if (!s || !spaces || !comp_index_spaces_build(c, arena, spaces, NULL))
        return NULL;
    *s = (comp_scope){.outer = outer, .component = c, .spaces = spaces};
    return s;
}

static void sortidx(comp_buf *out, comp_sortidx si)
{
    comp_buf_printf(out, "%s %u", comp_space_name(comp_space_of_sort(si.sort)), (unsigned)si.index);
}

static void core_instance(comp_buf *out, const comp_core_instance *ci)
{
    if (ci->kind == COMP_INSTANCE_INSTANTIATE) {
        comp_buf_printf(out, "instantiate core module %u", (unsigned)ci->module);
        for (uint32_t i = 0; i < ci->arg_count; i++) {
            comp_buf_printf(out, i ? ", " : " with ");
            comp_describe_quoted(out, ci->args[i].name);
            comp_buf_printf(out, " = core instance %u", (unsigned)ci->args[i].instance);
        }
        return;
    }
    comp_buf_printf(out, "exports");
    for (uint32_t i = 0; i < ci->export_count; i++) {
        const comp_core_inline_export *e = &ci->exports[i];
        comp_buf_printf(out, i ? ", " : " ");
        comp_describe_quoted(out, e->name);
        comp_buf_printf(out, " = ");
        sortidx(out, (comp_sortidx){{COMP_SORT_CORE, e->item.sort}, e->item.index});
    }
}

static void instance(comp_buf *out, const comp_instance *in)
{
    if (in->kind == COMP_INSTANCE_INSTANTIATE) {
        comp_buf_printf(out, "instantiate component %u", (unsigned)in->component);
        for (uint32_t i = 0; i < in->arg_count; i++) {
            comp_buf_printf(out, i ? ", " : " with ");
            comp_describe_quoted(out, in->args[i].name);
            comp_buf_printf(out, " = ");
            sortidx(out, in->args[i].item);
        }
        return;
    }
    comp_buf_printf(out, "exports");
    for (uint32_t i = 0; i < in->export_count; i++) {
        comp_buf_printf(out, i ? ", " : " ");
        comp_describe_quoted(out, in->exports[i].name.name);
        comp_buf_printf(out, " = ");
        sortidx(out, in->exports[i].item);
    }
}

static void alias(comp_buf *out, const comp_alias *a)
{
    switch (a->target) {
    case COMP_ALIAS_EXPORT:
        comp_buf_printf(out, "alias export ");
        comp_describe_quoted(out, a->name);
        comp_buf_printf(out, " of instance %u", (unsigned)a->instance);
        break;
    case COMP_ALIAS_CORE_EXPORT:
        comp_buf_printf(out, "alias core export ");
        comp_describe_quoted(out, a->name);
        comp_buf_printf(out, " of core instance %u", (unsigned)a->instance);
        break;
    default:
        comp_buf_printf(out, "alias outer %u %u", (unsigned)a->outer_count,
                        (unsigned)a->outer_index);
        break;
    }
}

static void canon(comp_buf *out, const comp_canon *cn)
{
    const char *name = comp_canon_name(cn->op);
    comp_buf_printf(out, "canon %s", name ? name : "?");
    if (cn->op == COMP_CANON_LIFT)
        comp_buf_printf(out, " (core func %u) (type %u)", (unsigned)cn->func, (unsigned)cn->type);
    else if (cn->op == COMP_CANON_LOWER)
        comp_buf_printf(out, " (func %u)", (unsigned)cn->func);
    else if (cn->op == COMP_CANON_RESOURCE_NEW || cn->op == COMP_CANON_RESOURCE_DROP ||
             cn->op == COMP_CANON_RESOURCE_REP)
        comp_buf_printf(out, " (type %u)", (unsigned)cn->type);
}

void describe_origin(comp_buf *out, const comp_scope *scope, comp_space space, uint32_t index)
{
    const comp_component *c = scope->component;
    const comp_space_entry *e = comp_index_space_at(scope->spaces, space, index);
    if (!e) {
        comp_buf_printf(out, "out of range");
        return;
    }
    switch (e->section) {
    case COMP_CSEC_IMPORT:
        comp_buf_printf(out, "import ");
        comp_describe_quoted(out, c->imports[e->item].name.name);
        break;
    case COMP_CSEC_EXPORT:
        comp_buf_printf(out, "export ");
        comp_describe_quoted(out, c->exports[e->item].name.name);
        comp_buf_printf(out, " of ");
        sortidx(out, c->exports[e->item].item);
        break;
    case COMP_CSEC_ALIAS: alias(out, &c->aliases[e->item]); break;
    case COMP_CSEC_CORE_MODULE:
        comp_buf_printf(out, "defined, %zu bytes", c->modules[e->item]->size);
        break;
    case COMP_CSEC_COMPONENT:
        comp_buf_printf(out, "defined, %zu bytes", c->components[e->item]->size);
        break;
    case COMP_CSEC_CORE_INSTANCE: core_instance(out, &c->core_instances[e->item]); break;
    case COMP_CSEC_INSTANCE: instance(out, &c->instances[e->item]); break;
    case COMP_CSEC_CANON: canon(out, &c->canons[e->item]); break;
    case COMP_CSEC_START: comp_buf_printf(out, "result of start %u", (unsigned)e->item); break;
    default: {
        const char *section = comp_component_section_name(e->section);
        comp_buf_printf(out, "%s definition", section ? section : "unknown");
        break;
    }
    }
}

void describe_export_type(comp_buf *out, const comp_scope *scope, const comp_cexport *e,
                          comp_arena *scratch)
{
    if (e->has_type)
        comp_describe_externtype(out, scope, &e->type, scratch);
    else
        comp_describe_item(out, scope, e->item, scratch);
}
