/* Core module encoder. Each section is written from the model, replaying
 * the LEB128 widths the decoder recorded for it: integers are written in
 * exactly the order module_read.c reads them. Raw bodies and constant
 * expressions are copied as they are. */
#include <string.h>

#include "comp/module.h"
#include "core/types_io.h"
#include "writer.h"

static bool fail(comp_error *err, const char *what, uint32_t index)
{
    return comp_error_set(err, 0, "cannot encode module: %s %u", what, index);
}

static void write_expr(wr *w, const comp_expr *e) { wr_bytes(w, e->code, e->len); }

static void write_types(wr *w, const comp_module *m)
{
    wr_u32(w, m->type_count);
    for (uint32_t i = 0; i < m->type_count; i++) {
        wr_byte(w, 0x60);
        core_write_func_signature(w, &m->types[i]);
    }
}

static bool write_imports(wr *w, const comp_module *m, comp_error *err)
{
    wr_u32(w, m->import_count);
    for (uint32_t i = 0; i < m->import_count; i++) {
        const comp_import *im = &m->imports[i];
        wr_name(w, im->module);
        wr_name(w, im->name);
        if (!core_write_import_desc(w, im))
            return fail(err, "unknown kind of import", i);
    }
    return true;
}

static void write_functions(wr *w, const comp_module *m)
{
    wr_u32(w, m->func_count);
    for (uint32_t i = 0; i < m->func_count; i++)
        wr_u32(w, m->funcs[i]);
}

static void write_tables(wr *w, const comp_module *m)
{
    wr_u32(w, m->table_count);
    for (uint32_t i = 0; i < m->table_count; i++)
        core_write_tabletype(w, &m->tables[i]);
}

static void write_memories(wr *w, const comp_module *m)
{
    wr_u32(w, m->memory_count);
    for (uint32_t i = 0; i < m->memory_count; i++)
        core_write_limits(w, &m->memories[i]);
}

static void write_tags(wr *w, const comp_module *m)
{
    wr_u32(w, m->tag_count);
    for (uint32_t i = 0; i < m->tag_count; i++)
        core_write_tagtype(w, &m->tags[i]);
}

static void write_globals(wr *w, const comp_module *m)
{
    wr_u32(w, m->global_count);
    for (uint32_t i = 0; i < m->global_count; i++) {
        core_write_globaltype(w, &m->globals[i].type);
        write_expr(w, &m->globals[i].init);
    }
}

static void write_exports(wr *w, const comp_module *m)
{
    wr_u32(w, m->export_count);
    for (uint32_t i = 0; i < m->export_count; i++) {
        wr_name(w, m->exports[i].name);
        wr_byte(w, m->exports[i].kind);
        wr_u32(w, m->exports[i].index);
    }
}

/* The layout by flags is described at comp_elem and in module_read.c. */
static bool write_elems(wr *w, const comp_module *m, comp_error *err)
{
    wr_u32(w, m->elem_count);
    for (uint32_t i = 0; i < m->elem_count; i++) {
        const comp_elem *e = &m->elems[i];
        uint8_t flags = e->flags;
        if (flags > 7)
            return fail(err, "bad flags in element segment", i);
        if (e->count && !((flags & 4) ? (void *)e->exprs : (void *)e->funcs))
            return fail(err, "no elements in element segment", i);
        wr_u32(w, flags);
        if (!(flags & 1)) {
            if (flags & 2)
                wr_u32(w, e->table);
            write_expr(w, &e->offset);
        }
        if (flags & 3)
            wr_byte(w, (flags & 4) ? e->type : 0x00);
        wr_u32(w, e->count);
        for (uint32_t k = 0; k < e->count; k++) {
            if (flags & 4)
                write_expr(w, &e->exprs[k]);
            else
                wr_u32(w, e->funcs[k]);
        }
    }
    return true;
}

static void write_codes(wr *w, const comp_module *m)
{
    wr_u32(w, m->code_count);
    for (uint32_t i = 0; i < m->code_count; i++) {
        wr_u32(w, m->codes[i].len);
        wr_bytes(w, m->codes[i].body, m->codes[i].len);
    }
}

static bool write_datas(wr *w, const comp_module *m, comp_error *err)
{
    wr_u32(w, m->data_segment_count);
    for (uint32_t i = 0; i < m->data_segment_count; i++) {
        const comp_data *d = &m->datas[i];
        if (d->flags > 2)
            return fail(err, "bad flags in data segment", i);
        wr_u32(w, d->flags);
        if (d->flags == 2)
            wr_u32(w, d->memory);
        if (d->flags != 1)
            write_expr(w, &d->offset);
        wr_u32(w, d->len);
        wr_bytes(w, d->bytes, d->len);
    }
    return true;
}

static bool write_content(wr *w, const comp_module *m, const comp_section *sec, comp_error *err)
{
    switch (sec->id) {
    case COMP_SEC_CUSTOM:
        if (sec->custom >= m->custom_count)
            return fail(err, "no custom section", sec->custom);
        wr_name(w, m->customs[sec->custom].name);
        wr_bytes(w, m->customs[sec->custom].data, m->customs[sec->custom].len);
        return true;
    case COMP_SEC_TYPE: write_types(w, m); return true;
    case COMP_SEC_IMPORT: return write_imports(w, m, err);
    case COMP_SEC_FUNCTION: write_functions(w, m); return true;
    case COMP_SEC_TABLE: write_tables(w, m); return true;
    case COMP_SEC_MEMORY: write_memories(w, m); return true;
    case COMP_SEC_TAG: write_tags(w, m); return true;
    case COMP_SEC_GLOBAL: write_globals(w, m); return true;
    case COMP_SEC_EXPORT: write_exports(w, m); return true;
    case COMP_SEC_START: wr_u32(w, m->start); return true;
    case COMP_SEC_ELEMENT: return write_elems(w, m, err);
    case COMP_SEC_DATA_COUNT: wr_u32(w, m->data_count); return true;
    case COMP_SEC_CODE: write_codes(w, m); return true;
    case COMP_SEC_DATA: return write_datas(w, m, err);
    default: return fail(err, "unknown section id", sec->id);
    }
}

static bool write_section(const comp_module *m, const comp_section *sec, comp_buf *out, comp_error *err)
{
    comp_buf content = {0};
    wr w;
    wr_init(&w, &content, &sec->enc);
    bool ok = write_content(&w, m, sec, err);
    if (ok)
        wr_section(out, sec->id, &sec->enc, &content);
    if (ok && content.oom)
        ok = comp_error_set(err, 0, "out of memory");
    comp_buf_free(&content);
    return ok;
}

/* A module built by hand may leave `sections` empty: then every known
 * section with content is written in the standard order, custom sections
 * last. */
static bool write_default_order(const comp_module *m, comp_buf *out, comp_error *err)
{
    const struct { uint8_t id; bool present; } known[] = {
        {COMP_SEC_TYPE, m->type_count > 0},
        {COMP_SEC_IMPORT, m->import_count > 0},
        {COMP_SEC_FUNCTION, m->func_count > 0},
        {COMP_SEC_TABLE, m->table_count > 0},
        {COMP_SEC_MEMORY, m->memory_count > 0},
        {COMP_SEC_TAG, m->tag_count > 0},
        {COMP_SEC_GLOBAL, m->global_count > 0},
        {COMP_SEC_EXPORT, m->export_count > 0},
        {COMP_SEC_START, m->has_start},
        {COMP_SEC_ELEMENT, m->elem_count > 0},
        {COMP_SEC_DATA_COUNT, m->has_data_count},
        {COMP_SEC_CODE, m->code_count > 0},
        {COMP_SEC_DATA, m->data_segment_count > 0},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        comp_section sec = {.id = known[i].id};
        if (known[i].present && !write_section(m, &sec, out, err))
            return false;
    }
    for (uint32_t i = 0; i < m->custom_count; i++) {
        comp_section sec = {.id = COMP_SEC_CUSTOM, .custom = i};
        if (!write_section(m, &sec, out, err))
            return false;
    }
    return true;
}

bool comp_module_encode(const comp_module *m, comp_buf *out, comp_error *err)
{
    static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    comp_buf_append(out, preamble, sizeof preamble);
    bool ok;
    if (m->section_count == 0) {
        ok = write_default_order(m, out, err);
    } else {
        ok = true;
        for (uint32_t i = 0; ok && i < m->section_count; i++)
            ok = write_section(m, &m->sections[i], out, err);
    }
    if (ok && out->oom)
        ok = comp_error_set(err, 0, "out of memory");
    return ok;
}
