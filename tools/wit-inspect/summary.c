/* The text summary: kind and size, sections, imports and exports with their
 * types, and the tree of nested modules, components and instances. */
#include "inspect.h"

/* Nested components deeper than this are summarised by size only (the
 * decoder bounds nesting too; this keeps the output readable). */
enum { MAX_NESTING = 16 };

typedef struct printer {
    FILE *f;
    comp_buf line;      /* the type being printed */
    comp_arena scratch; /* the describers' lookup tables, per line */
    comp_arena *arena;  /* index spaces of nested components */
    bool oom;
} printer;

static void indent(printer *p, int n)
{
    fprintf(p->f, "%*s", n, "");
}

/* Ends a line built in p->line. */
static void end_line(printer *p)
{
    if (p->line.oom)
        p->oom = true;
    put_buf(p->f, &p->line);
    p->line.oom = false;
    fputc('\n', p->f);
    comp_arena_free(&p->scratch);
}

static void heading(printer *p, int in, const char *what, uint32_t n)
{
    indent(p, in);
    fprintf(p->f, "%s (%u):\n", what, (unsigned)n);
}

/* One row of the section table. */
static void section_row(printer *p, uint8_t id, const char *name, const comp_str *custom,
                        size_t offset, size_t size)
{
    fprintf(p->f, "  %4u  %-16s %10zu %10zu", (unsigned)id, name ? name : "unknown", offset, size);
    if (custom) {
        fputc(' ', p->f);
        put_quoted(p->f, *custom);
    }
    fputc('\n', p->f);
}

static void module_sections(printer *p, const comp_module *m)
{
    heading(p, 0, "sections", m->section_count);
    fprintf(p->f, "  %4s  %-16s %10s %10s\n", "id", "name", "offset", "bytes");
    for (uint32_t i = 0; i < m->section_count; i++) {
        const comp_section *s = &m->sections[i];
        const comp_str *custom = s->id == COMP_SEC_CUSTOM && s->custom < m->custom_count
                                     ? &m->customs[s->custom].name
                                     : NULL;
        section_row(p, s->id, comp_module_section_name(s->id), custom, s->offset,
                    comp_module_section_size(m, i));
    }
}

static void component_sections(printer *p, const comp_component *c)
{
    heading(p, 0, "sections", c->section_count);
    fprintf(p->f, "  %4s  %-16s %10s %10s\n", "id", "name", "offset", "bytes");
    for (uint32_t i = 0; i < c->section_count; i++) {
        const comp_component_section *s = &c->sections[i];
        const comp_str *custom = s->id == COMP_CSEC_CUSTOM && s->first < c->custom_count
                                     ? &c->customs[s->first].name
                                     : NULL;
        section_row(p, s->id, comp_component_section_name(s->id), custom, s->offset,
                    comp_component_section_size(c, i));
    }
}

/* Imports and exports of a core module. */
static void module_body(printer *p, const comp_module *m, int in)
{
    if (m->import_count) {
        heading(p, in, "imports", m->import_count);
        for (uint32_t i = 0; i < m->import_count; i++) {
            const comp_import *im = &m->imports[i];
            indent(p, in + 2);
            put_quoted(p->f, im->module);
            fputc(' ', p->f);
            put_quoted(p->f, im->name);
            fputc(' ', p->f);
            comp_describe_core_import(&p->line, m, im);
            end_line(p);
        }
    }
    if (m->export_count) {
        comp_core_view v;
        if (!comp_core_view_init(&v, m, &p->scratch, NULL)) {
            p->oom = true;
            return;
        }
        heading(p, in, "exports", m->export_count);
        for (uint32_t i = 0; i < m->export_count; i++) {
            indent(p, in + 2);
            put_quoted(p->f, m->exports[i].name);
            fputc(' ', p->f);
            comp_describe_core_export(&p->line, &v, &m->exports[i]);
            p->oom |= p->line.oom;
            put_buf(p->f, &p->line);
            fputc('\n', p->f);
        }
        comp_arena_free(&p->scratch);
    }
}

static void component_body(printer *p, const comp_scope *s, int in, int depth);

/* The entries of one index space, with nested modules and components
 * described below their line. */
static void space_tree(printer *p, const comp_scope *s, comp_space space, const char *title,
                       int in, int depth)
{
    const comp_component *c = s->component;
    uint32_t n = s->spaces->counts[space];
    if (n == 0)
        return;
    heading(p, in, title, n);
    for (uint32_t i = 0; i < n; i++) {
        const comp_space_entry *e = &s->spaces->entries[space][i];
        indent(p, in + 2);
        fprintf(p->f, "%s %u: ", comp_space_name(space), (unsigned)i);
        describe_origin(&p->line, s, space, i);
        end_line(p);
        if (e->section == COMP_CSEC_CORE_MODULE) {
            module_body(p, c->modules[e->item], in + 4);
        } else if (e->section == COMP_CSEC_COMPONENT) {
            const comp_component *inner = c->components[e->item];
            const comp_scope *ns = depth < MAX_NESTING ? nested_scope(s, inner, p->arena) : NULL;
            if (ns) {
                component_body(p, ns, in + 4, depth + 1);
            } else {
                indent(p, in + 4);
                fprintf(p->f, "%s\n", depth < MAX_NESTING ? "(out of memory)" : "(nested too deep to show)");
                p->oom |= depth < MAX_NESTING;
            }
        }
    }
}

static void component_body(printer *p, const comp_scope *s, int in, int depth)
{
    const comp_component *c = s->component;
    if (c->import_count) {
        heading(p, in, "imports", c->import_count);
        for (uint32_t i = 0; i < c->import_count; i++) {
            indent(p, in + 2);
            put_quoted(p->f, c->imports[i].name.name);
            fputc(' ', p->f);
            comp_describe_externtype(&p->line, s, &c->imports[i].type, &p->scratch);
            end_line(p);
        }
    }
    if (c->export_count) {
        heading(p, in, "exports", c->export_count);
        for (uint32_t i = 0; i < c->export_count; i++) {
            indent(p, in + 2);
            put_quoted(p->f, c->exports[i].name.name);
            fputc(' ', p->f);
            describe_export_type(&p->line, s, &c->exports[i], &p->scratch);
            end_line(p);
        }
    }
    space_tree(p, s, COMP_SPACE_CORE_MODULE, "core modules", in, depth);
    space_tree(p, s, COMP_SPACE_CORE_INSTANCE, "core instances", in, depth);
    space_tree(p, s, COMP_SPACE_COMPONENT, "components", in, depth);
    space_tree(p, s, COMP_SPACE_INSTANCE, "instances", in, depth);
}

bool summary_print(FILE *f, const inspection *in)
{
    printer p = {.f = f, .arena = in->arena};
    comp_arena_init(&p.scratch);
    fprintf(f, "%s: %s, %zu bytes\n", in->name, in->module ? "core module" : "component", in->size);
    if (in->module) {
        module_sections(&p, in->module);
        module_body(&p, in->module, 0);
    } else {
        component_sections(&p, in->component);
        component_body(&p, &in->scope, 0, 0);
    }
    comp_buf_free(&p.line);
    comp_arena_free(&p.scratch);
    return !p.oom;
}
