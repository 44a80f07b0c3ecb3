/* The `name` custom section for $identifiers, with the subsections and
 * order wasm-tools writes: module, functions, locals, labels, types,
 * tables, memories, globals, elements, data. */
#include "text/wat_module_int.h"

#include <string.h>

#include "writer.h"

static void put_name(comp_buf *b, const uint8_t *s, uint32_t len)
{
    leb_put_u64(b, len, 0);
    comp_buf_append(b, s, len);
}

static void put_name_map(comp_buf *b, const comp_vec *names)
{
    const wat_name *n = names->data;
    leb_put_u64(b, names->count, 0);
    for (uint32_t i = 0; i < names->count; i++) {
        leb_put_u64(b, n[i].index, 0);
        put_name(b, n[i].id, n[i].len);
    }
}

static void put_subsection(comp_buf *out, uint8_t id, comp_buf *content)
{
    comp_buf_byte(out, id);
    leb_put_u64(out, content->len, 0);
    comp_buf_append(out, content->data, content->len);
    if (content->oom)
        out->oom = true;
    comp_buf_free(content);
}

/* Locals (labels = false) or labels of every function that has some. */
static void put_indirect(wat_parser *p, comp_buf *out, uint8_t id, bool labels)
{
    const wat_func_names *fn = p->func_names.data;
    uint32_t count = 0;
    for (uint32_t i = 0; i < p->func_names.count; i++)
        count += (labels ? fn[i].labels.count : fn[i].locals.count) > 0;
    if (!count)
        return;
    comp_buf b = {0};
    leb_put_u64(&b, count, 0);
    for (uint32_t i = 0; i < p->func_names.count; i++) {
        const comp_vec *names = labels ? &fn[i].labels : &fn[i].locals;
        if (!names->count)
            continue;
        leb_put_u64(&b, fn[i].func, 0);
        put_name_map(&b, names);
    }
    put_subsection(out, id, &b);
}

/* The $ids of `s`, with (@name ...) annotations taking their place. Both
 * lists are by increasing index. */
static void put_space(comp_buf *out, uint8_t id, const wat_space *s)
{
    const wat_name *ids = s->names.data, *renames = s->renames.data;
    uint32_t n_ids = s->names.count, n_renames = s->renames.count;
    if (!n_ids && !n_renames)
        return;
    uint32_t count = 0;
    for (uint32_t i = 0, j = 0; i < n_ids || j < n_renames; count++) {
        if (j < n_renames && (i == n_ids || renames[j].index <= ids[i].index)) {
            if (i < n_ids && ids[i].index == renames[j].index)
                i++;
            j++;
        } else {
            i++;
        }
    }
    comp_buf b = {0};
    leb_put_u64(&b, count, 0);
    for (uint32_t i = 0, j = 0; i < n_ids || j < n_renames;) {
        const wat_name *n;
        if (j < n_renames && (i == n_ids || renames[j].index <= ids[i].index)) {
            if (i < n_ids && ids[i].index == renames[j].index)
                i++;
            n = &renames[j++];
        } else {
            n = &ids[i++];
        }
        leb_put_u64(&b, n->index, 0);
        put_name(&b, n->id, n->len);
    }
    put_subsection(out, id, &b);
}

bool wat_name_section(wat_parser *p)
{
    comp_buf out = {0};
    if (p->module_name) {
        comp_buf b = {0};
        put_name(&b, p->module_name->value, (uint32_t)p->module_name->value_len);
        put_subsection(&out, 0, &b);
    }
    put_space(&out, 1, &p->funcs);
    put_indirect(p, &out, 2, false);
    put_indirect(p, &out, 3, true);
    put_space(&out, 4, &p->types);
    put_space(&out, 5, &p->tables);
    put_space(&out, 6, &p->memories);
    put_space(&out, 7, &p->globals);
    put_space(&out, 8, &p->elems);
    put_space(&out, 9, &p->datas);
    put_space(&out, 11, &p->tags);
    if (out.oom) {
        comp_buf_free(&out);
        return wat_oom(p, NULL);
    }
    if (out.len == 0)
        return true;
    uint8_t *data = comp_arena_alloc(p->arena, out.len);
    wat_custom *c = comp_vec_push(p->arena, &p->customs, sizeof *c);
    if (!data || !c) {
        comp_buf_free(&out);
        return wat_oom(p, NULL);
    }
    memcpy(data, out.data, out.len);
    *c = (wat_custom){{{"name", 4}, data, (uint32_t)out.len}, WAT_PLACE_NAME, 0};
    comp_buf_free(&out);
    return true;
}
