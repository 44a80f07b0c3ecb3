/* comp_wat_to_binary_mapped: the binary of a text module or component with
 * a map back to the text.
 *
 * The parsed model keeps text offsets in its `offset` fields and the
 * parser's marks say where each instruction starts inside its expression.
 * Decoding the binary we wrote gives the same model with binary offsets,
 * so walking both models side by side pairs every binary offset with its
 * text offset. */
#include "comp/wat.h"

#include <stdlib.h>
#include <string.h>

#include "text/wat_marks.h"

/* Decoded nesting is bounded by the decoder; this guards the walk too. */
enum { MAX_NESTING = 256 };

typedef struct builder {
    comp_wat_srcpos *items;
    size_t count;
    uint32_t cap;
    bool oom;
    const wat_marks *marks; /* sorted by code, then rel */
} builder;

static void add(builder *b, size_t binary, size_t text)
{
    if (b->oom)
        return;
    if (b->count == b->cap) { /* the test keeps the common path inline */
        comp_wat_srcpos *items =
            comp_heap_reserve(b->items, &b->cap, b->count + 1, sizeof *items);
        if (!items) {
            b->oom = true;
            return;
        }
        b->items = items;
    }
    b->items[b->count++] = (comp_wat_srcpos){binary, text};
}

static int compare_marks(const void *a, const void *b)
{
    const wat_mark *x = a, *y = b;
    uintptr_t cx = (uintptr_t)x->code, cy = (uintptr_t)y->code;
    if (cx != cy)
        return cx < cy ? -1 : 1;
    return x->rel < y->rel ? -1 : x->rel > y->rel;
}

/* The first mark of expression `code` (binary search), or marks->count. */
static size_t first_mark(const wat_marks *m, const uint8_t *code)
{
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)m->items[mid].code < (uintptr_t)code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* An expression: its start maps to its form, each instruction to itself. */
static void add_expr(builder *b, const uint8_t *parsed_code, size_t parsed_offset,
                     size_t decoded_offset)
{
    const wat_marks *m = b->marks;
    size_t i = first_mark(m, parsed_code);
    /* An instruction at byte 0 says more than the form around it. */
    if (i == m->count || m->items[i].code != parsed_code || m->items[i].rel != 0)
        add(b, decoded_offset, parsed_offset);
    for (; i < m->count && m->items[i].code == parsed_code; i++)
        add(b, decoded_offset + m->items[i].rel, m->items[i].text);
}

static void walk_module(builder *b, const comp_module *pm, const comp_module *dm)
{
    add(b, dm->offset, pm->offset);
    /* Section headers and entries without their own place: the module. */
    for (uint32_t i = 0; i < dm->section_count; i++)
        add(b, dm->sections[i].offset, pm->offset);
    if (pm->import_count == dm->import_count)
        for (uint32_t i = 0; i < dm->import_count; i++)
            add(b, dm->imports[i].offset, pm->imports[i].offset);
    if (pm->export_count == dm->export_count)
        for (uint32_t i = 0; i < dm->export_count; i++)
            add(b, dm->exports[i].offset, pm->exports[i].offset);
    if (pm->global_count == dm->global_count)
        for (uint32_t i = 0; i < dm->global_count; i++)
            add_expr(b, pm->globals[i].init.code, pm->globals[i].init.offset,
                     dm->globals[i].init.offset);
    if (pm->elem_count == dm->elem_count) {
        for (uint32_t i = 0; i < dm->elem_count; i++) {
            const comp_elem *pe = &pm->elems[i], *de = &dm->elems[i];
            add(b, de->pos, pe->pos);
            if (!(de->flags & 1) && pe->flags == de->flags)
                add_expr(b, pe->offset.code, pe->offset.offset, de->offset.offset);
            if ((de->flags & 4) && pe->flags == de->flags && pe->count == de->count)
                for (uint32_t k = 0; k < de->count; k++)
                    add_expr(b, pe->exprs[k].code, pe->exprs[k].offset, de->exprs[k].offset);
        }
    }
    if (pm->data_segment_count == dm->data_segment_count)
        for (uint32_t i = 0; i < dm->data_segment_count; i++) {
            const comp_data *pd = &pm->datas[i], *dd = &dm->datas[i];
            add(b, dd->pos, pd->pos);
            if (dd->flags != 1 && pd->flags == dd->flags)
                add_expr(b, pd->offset.code, pd->offset.offset, dd->offset.offset);
        }
    if (pm->code_count == dm->code_count)
        for (uint32_t i = 0; i < dm->code_count; i++)
            add_expr(b, pm->codes[i].body, pm->codes[i].offset, dm->codes[i].offset);
}

static void walk_core_type(builder *b, const comp_core_type *pt, const comp_core_type *dt)
{
    add(b, dt->offset, pt->offset);
    if (pt->kind == COMP_CORE_TYPE_MODULE && dt->kind == pt->kind &&
        pt->decl_count == dt->decl_count)
        for (uint32_t i = 0; i < dt->decl_count; i++)
            add(b, dt->decls[i].offset, pt->decls[i].offset);
}

static void walk_type(builder *b, const comp_type *pt, const comp_type *dt, unsigned depth)
{
    add(b, dt->offset, pt->offset);
    if ((dt->kind != COMP_TYPE_COMPONENT && dt->kind != COMP_TYPE_INSTANCE) ||
        pt->kind != dt->kind || pt->u.decls.decl_count != dt->u.decls.decl_count ||
        depth >= MAX_NESTING)
        return;
    for (uint32_t i = 0; i < dt->u.decls.decl_count; i++) {
        const comp_decl *pd = &pt->u.decls.decls[i], *dd = &dt->u.decls.decls[i];
        add(b, dd->offset, pd->offset);
        if (pd->kind != dd->kind)
            continue;
        if (dd->kind == COMP_DECL_TYPE && pd->type && dd->type)
            walk_type(b, pd->type, dd->type, depth + 1);
        else if (dd->kind == COMP_DECL_CORE_TYPE && pd->core_type && dd->core_type)
            walk_core_type(b, pd->core_type, dd->core_type);
    }
}

/* Pairs items of one array kind when both models have as many. */
#define PAIR_OFFSETS(field, count)                                                          \
    if (pc->count == dc->count)                                                             \
        for (uint32_t i = 0; i < dc->count; i++)                                            \
            add(b, dc->field[i].offset, pc->field[i].offset);

static void walk_component(builder *b, const comp_component *pc, const comp_component *dc,
                           unsigned depth)
{
    add(b, dc->offset, pc->offset);
    if (pc->section_count == dc->section_count)
        for (uint32_t i = 0; i < dc->section_count; i++)
            add(b, dc->sections[i].offset, pc->sections[i].offset);
    PAIR_OFFSETS(core_instances, core_instance_count)
    PAIR_OFFSETS(instances, instance_count)
    PAIR_OFFSETS(aliases, alias_count)
    PAIR_OFFSETS(canons, canon_count)
    PAIR_OFFSETS(starts, start_count)
    PAIR_OFFSETS(imports, import_count)
    PAIR_OFFSETS(exports, export_count)
    PAIR_OFFSETS(values, value_count)
    if (pc->core_type_count == dc->core_type_count)
        for (uint32_t i = 0; i < dc->core_type_count; i++)
            walk_core_type(b, &pc->core_types[i], &dc->core_types[i]);
    if (pc->type_count == dc->type_count)
        for (uint32_t i = 0; i < dc->type_count; i++)
            walk_type(b, &pc->types[i], &dc->types[i], depth);
    if (pc->module_count == dc->module_count)
        for (uint32_t i = 0; i < dc->module_count; i++)
            walk_module(b, pc->modules[i], dc->modules[i]);
    if (pc->component_count == dc->component_count && depth < MAX_NESTING)
        for (uint32_t i = 0; i < dc->component_count; i++)
            walk_component(b, pc->components[i], dc->components[i], depth + 1);
}

#undef PAIR_OFFSETS

static int compare_entries(const void *a, const void *b)
{
    const comp_wat_srcpos *x = a, *y = b;
    if (x->binary != y->binary)
        return x->binary < y->binary ? -1 : 1;
    return 0;
}

bool comp_wat_to_binary_mapped(const char *text, size_t len, comp_buf *out,
                               comp_wat_srcmap *map, comp_error *err)
{
    *map = (comp_wat_srcmap){0};
    comp_arena arena;
    comp_arena_init(&arena);
    wat_marks marks = {0};
    comp_module *m;
    comp_component *c;
    size_t start = out->len;
    bool ok = wat_parse_any(text, len, &arena, &marks, &m, &c, err) &&
              (c ? comp_component_encode(c, out, err) : comp_module_encode(m, out, err));
    if (ok && out->oom)
        ok = comp_error_set(err, 0, "out of memory");
    if (ok) {
        /* Read back what we wrote: it gives the binary offsets. A failure
         * here leaves the map empty but the binary is still what was
         * asked for. */
        if (marks.count) /* qsort wants a non-null array even when empty */
            qsort(marks.items, marks.count, sizeof *marks.items, compare_marks);
        builder b = {.marks = &marks};
        comp_error ignored;
        if (c) {
            comp_component *dc;
            if (comp_component_decode(out->data + start, out->len - start, &arena, &dc, &ignored))
                walk_component(&b, c, dc, 0);
        } else {
            comp_module *dm;
            if (comp_module_decode(out->data + start, out->len - start, &arena, &dm, &ignored))
                walk_module(&b, m, dm);
        }
        if (b.oom) {
            free(b.items);
        } else {
            if (b.count)
                qsort(b.items, b.count, sizeof *b.items, compare_entries);
            map->entries = b.items;
            map->count = b.count;
        }
    }
    wat_marks_free(&marks);
    comp_arena_free(&arena);
    return ok;
}

bool comp_wat_srcmap_find(const comp_wat_srcmap *map, size_t binary, size_t *text)
{
    size_t lo = 0, hi = map->count; /* the first entry after `binary` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->entries[mid].binary <= binary)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    *text = map->entries[lo - 1].text;
    return true;
}

void comp_wat_srcmap_free(comp_wat_srcmap *map)
{
    free(map->entries);
    *map = (comp_wat_srcmap){0};
}
