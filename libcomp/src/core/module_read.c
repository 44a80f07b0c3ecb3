/* Core module decoder: the binary format of WebAssembly 2.0 (plus
 * multi-memory, the tag section, shared and 64-bit memory limits).
 *
 * Structure only: indices, types and instruction sequences are judged by
 * the validator. Function bodies and constant expressions stay raw, so their
 * LEB128s are never recorded as hints; every other LEB128 of a section is,
 * in reading order, and module_write.c writes them in the same order. */
#include "core/module_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/insn.h"
#include "core/types_io.h"

/* A malloc'd array that grows while sections are read (their number is only
 * known at the end); moved into the arena once decoding succeeds. */
typedef struct growable {
    void *items;
    size_t count;
    uint32_t cap;
} growable;

typedef struct module_reader {
    comp_module *m;
    growable sections;  /* comp_section */
    growable customs;   /* comp_custom */
    int last_rank;      /* position in section_order of the last known section */
} module_reader;

static void *grow_push(rd *r, growable *g, size_t elem_size)
{
    void *items = comp_heap_reserve(g->items, &g->cap, g->count + 1, elem_size);
    if (!items) {
        rd_oom(r);
        return NULL;
    }
    g->items = items;
    void *slot = (char *)g->items + g->count++ * elem_size;
    memset(slot, 0, elem_size);
    return slot;
}

static bool grow_finish(rd *r, growable *g, size_t elem_size, void **out, uint32_t *count)
{
    *out = rd_alloc(r, g->count, elem_size);
    if (!*out)
        return false;
    if (g->count)
        memcpy(*out, g->items, g->count * elem_size);
    *count = (uint32_t)g->count;
    return true;
}

/* ---- types ---------------------------------------------------------------- */

/* ---- sections ------------------------------------------------------------- */

/* Every count is bounded by the bytes left in the section (each element
 * takes at least one) before anything is allocated. A tighter minimum per
 * element would reject some truncated sections before reaching the byte
 * the spec's error message names. */

static bool read_type_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->type_count, 1) || !(m->types = rd_alloc(r, m->type_count, sizeof *m->types)))
        return false;
    for (uint32_t i = 0; i < m->type_count; i++)
        if (!core_read_functype_form(r, &m->types[i]))
            return false;
    return true;
}

static bool read_import(rd *r, comp_module *m, comp_import *im)
{
    im->offset = rd_offset(r);
    if (!rd_name(r, &im->module) || !rd_name(r, &im->name) || !core_read_import_desc(r, im))
        return false;
    switch (im->kind) {
    case COMP_EXTERN_FUNC: m->imported_funcs++; break;
    case COMP_EXTERN_TABLE: m->imported_tables++; break;
    case COMP_EXTERN_MEMORY: m->imported_memories++; break;
    case COMP_EXTERN_GLOBAL: m->imported_globals++; break;
    default: m->imported_tags++; break;
    }
    return true;
}

static bool read_import_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->import_count, 1) ||
        !(m->imports = rd_alloc(r, m->import_count, sizeof *m->imports)))
        return false;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (!read_import(r, m, &m->imports[i]))
            return false;
    if (!(m->imported_func_types = rd_alloc(r, m->imported_funcs, sizeof *m->imported_func_types)))
        return false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->import_count; i++)
        if (m->imports[i].kind == COMP_EXTERN_FUNC)
            m->imported_func_types[n++] = m->imports[i].desc.func_type;
    return true;
}

static bool read_function_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->func_count, 1) || !(m->funcs = rd_alloc(r, m->func_count, sizeof *m->funcs)))
        return false;
    for (uint32_t i = 0; i < m->func_count; i++)
        if (!rd_u32(r, &m->funcs[i]))
            return false;
    return true;
}

static bool read_table_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->table_count, 1) || !(m->tables = rd_alloc(r, m->table_count, sizeof *m->tables)))
        return false;
    for (uint32_t i = 0; i < m->table_count; i++)
        if (!core_read_tabletype(r, &m->tables[i]))
            return false;
    return true;
}

static bool read_memory_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->memory_count, 1) ||
        !(m->memories = rd_alloc(r, m->memory_count, sizeof *m->memories)))
        return false;
    for (uint32_t i = 0; i < m->memory_count; i++)
        if (!core_read_memtype(r, &m->memories[i]))
            return false;
    return true;
}

static bool read_tag_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->tag_count, 1) || !(m->tags = rd_alloc(r, m->tag_count, sizeof *m->tags)))
        return false;
    for (uint32_t i = 0; i < m->tag_count; i++)
        if (!core_read_tagtype(r, &m->tags[i]))
            return false;
    return true;
}

static bool read_global_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->global_count, 1) ||
        !(m->globals = rd_alloc(r, m->global_count, sizeof *m->globals)))
        return false;
    for (uint32_t i = 0; i < m->global_count; i++)
        if (!core_read_globaltype(r, &m->globals[i].type) || !insn_skip_expr(r, &m->globals[i].init))
            return false;
    return true;
}

static bool read_export_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->export_count, 1) ||
        !(m->exports = rd_alloc(r, m->export_count, sizeof *m->exports)))
        return false;
    for (uint32_t i = 0; i < m->export_count; i++) {
        comp_export *ex = &m->exports[i];
        ex->offset = rd_offset(r);
        if (!rd_name(r, &ex->name) || !rd_byte(r, &ex->kind))
            return false;
        if (ex->kind > COMP_EXTERN_TAG)
            return rd_fail_at(r, rd_offset(r) - 1, "malformed export kind");
        if (!rd_u32(r, &ex->index))
            return false;
    }
    return true;
}

/* Element segments, by flags (see comp_elem): an active segment has a
 * table (flags 2, 6) and an offset; flags 1-3 name an element kind (0x00,
 * funcref) and 5-7 a reference type; 0 and 4 imply funcref. */
static bool read_elem(rd *r, comp_elem *e)
{
    e->pos = rd_offset(r);
    uint32_t flags;
    if (!rd_u32(r, &flags))
        return false;
    if (flags > 7)
        return rd_fail_at(r, e->pos, "malformed elements segment kind");
    e->flags = (uint8_t)flags;
    e->type = COMP_FUNCREF;
    if (!(flags & 1)) {
        if ((flags & 2) && !rd_u32(r, &e->table))
            return false;
        if (!insn_skip_expr(r, &e->offset))
            return false;
    }
    if (flags & 3) {
        if (flags & 4) {
            if (!core_read_reftype(r, &e->type))
                return false;
        } else {
            uint8_t kind;
            if (!rd_byte(r, &kind))
                return false;
            if (kind != 0x00)
                return rd_fail_at(r, rd_offset(r) - 1, "malformed element kind");
        }
    }
    if (!rd_count(r, &e->count, 1))
        return false;
    if (flags & 4) {
        if (!(e->exprs = rd_alloc(r, e->count, sizeof *e->exprs)))
            return false;
        for (uint32_t i = 0; i < e->count; i++)
            if (!insn_skip_expr(r, &e->exprs[i]))
                return false;
    } else {
        if (!(e->funcs = rd_alloc(r, e->count, sizeof *e->funcs)))
            return false;
        for (uint32_t i = 0; i < e->count; i++)
            if (!rd_u32(r, &e->funcs[i]))
                return false;
    }
    return true;
}

static bool read_element_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->elem_count, 1) || !(m->elems = rd_alloc(r, m->elem_count, sizeof *m->elems)))
        return false;
    for (uint32_t i = 0; i < m->elem_count; i++)
        if (!read_elem(r, &m->elems[i]))
            return false;
    return true;
}

static bool read_code_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->code_count, 1) || !(m->codes = rd_alloc(r, m->code_count, sizeof *m->codes)))
        return false;
    for (uint32_t i = 0; i < m->code_count; i++) {
        comp_code *c = &m->codes[i];
        if (!rd_u32(r, &c->len))
            return false;
        c->offset = rd_offset(r);
        if (!rd_bytes(r, c->len, &c->body))
            return false;
    }
    return true;
}

/* Data segment flags: 0 active in memory 0, 1 passive, 2 active with a
 * memory index. */
static bool read_data(rd *r, comp_data *d)
{
    d->pos = rd_offset(r);
    uint32_t flags;
    if (!rd_u32(r, &flags))
        return false;
    if (flags > 2)
        return rd_fail_at(r, d->pos, "malformed data segment kind");
    d->flags = (uint8_t)flags;
    if (flags == 2 && !rd_u32(r, &d->memory))
        return false;
    if (flags != 1 && !insn_skip_expr(r, &d->offset))
        return false;
    return rd_u32(r, &d->len) && rd_bytes(r, d->len, &d->bytes);
}

static bool read_data_section(rd *r, comp_module *m)
{
    if (!rd_count(r, &m->data_segment_count, 1) ||
        !(m->datas = rd_alloc(r, m->data_segment_count, sizeof *m->datas)))
        return false;
    for (uint32_t i = 0; i < m->data_segment_count; i++)
        if (!read_data(r, &m->datas[i]))
            return false;
    return true;
}

static bool read_custom_section(rd *r, module_reader *mr, comp_section *sec)
{
    sec->custom = (uint32_t)mr->customs.count;
    comp_custom *cu = grow_push(r, &mr->customs, sizeof *cu);
    if (!cu || !rd_name(r, &cu->name))
        return false;
    cu->len = (uint32_t)rd_remaining(r);
    return rd_bytes(r, cu->len, &cu->data);
}

static bool read_content(rd *r, module_reader *mr, comp_section *sec)
{
    comp_module *m = mr->m;
    switch (sec->id) {
    case COMP_SEC_CUSTOM: return read_custom_section(r, mr, sec);
    case COMP_SEC_TYPE: return read_type_section(r, m);
    case COMP_SEC_IMPORT: return read_import_section(r, m);
    case COMP_SEC_FUNCTION: return read_function_section(r, m);
    case COMP_SEC_TABLE: return read_table_section(r, m);
    case COMP_SEC_MEMORY: return read_memory_section(r, m);
    case COMP_SEC_TAG: return read_tag_section(r, m);
    case COMP_SEC_GLOBAL: return read_global_section(r, m);
    case COMP_SEC_EXPORT: return read_export_section(r, m);
    case COMP_SEC_START:
        m->has_start = true;
        return rd_u32(r, &m->start);
    case COMP_SEC_ELEMENT: return read_element_section(r, m);
    case COMP_SEC_DATA_COUNT:
        m->has_data_count = true;
        return rd_u32(r, &m->data_count);
    case COMP_SEC_CODE: return read_code_section(r, m);
    case COMP_SEC_DATA: return read_data_section(r, m);
    default: return rd_fail_at(r, sec->offset, "malformed section id");
    }
}

/* Known sections appear at most once, in this order (the tag section sits
 * between memory and global, data count between element and code). */
static int section_rank(uint8_t id)
{
    static const uint8_t order[] = {
        COMP_SEC_TYPE, COMP_SEC_IMPORT, COMP_SEC_FUNCTION, COMP_SEC_TABLE,
        COMP_SEC_MEMORY, COMP_SEC_TAG, COMP_SEC_GLOBAL, COMP_SEC_EXPORT,
        COMP_SEC_START, COMP_SEC_ELEMENT, COMP_SEC_DATA_COUNT, COMP_SEC_CODE,
        COMP_SEC_DATA,
    };
    for (int i = 0; i < (int)sizeof order; i++)
        if (order[i] == id)
            return i;
    return -1;
}

/* Reads inside a section stop at the section's end; the spec words running
 * out there as below rather than as the end of the file. */
static void name_section_end(rd *r)
{
    static const char eof[] = "unexpected end-of-file";
    if (r->err && strcmp(r->err->message, eof) == 0)
        snprintf(r->err->message, sizeof r->err->message, "unexpected end of section or function");
}

static bool read_section(rd *r, module_reader *mr)
{
    size_t at = rd_offset(r);
    uint8_t id;
    if (!rd_byte(r, &id))
        return false;
    if (id > COMP_SEC_TAG)
        return rd_fail_at(r, at, "malformed section id");
    size_t size_at = rd_offset(r);
    uint32_t size;
    uint8_t width;
    if (!rd_u32_width(r, &size, &width))
        return false;
    if (size > rd_remaining(r))
        return rd_fail_at(r, size_at, "length out of bounds");
    if (id != COMP_SEC_CUSTOM) {
        int rank = section_rank(id);
        if (rank <= mr->last_rank)
            return rd_fail_at(r, at, "section out of order: unexpected content after last section");
        mr->last_rank = rank;
    }
    comp_section *sec = grow_push(r, &mr->sections, sizeof *sec);
    if (!sec)
        return false;
    sec->id = id;
    sec->offset = at;
    sec->enc.size_width = width;

    rd content;
    if (!rd_sub(r, size, &content))
        return false;
    hint_recorder hints;
    hints_begin(&hints);
    content.rec = &hints;
    bool ok = read_content(&content, mr, sec);
    if (ok && !rd_eof(&content))
        ok = rd_fail(&content, "section size mismatch");
    if (!ok) {
        hints_discard(&hints);
        name_section_end(&content);
        return false;
    }
    return hints_finish(&hints, r, &sec->enc);
}

static bool read_preamble(rd *r)
{
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    const uint8_t *p;
    size_t at = rd_offset(r);
    if (!rd_bytes(r, 4, &p))
        return false;
    if (memcmp(p, magic, 4) != 0)
        return rd_fail_at(r, at, "magic header not detected");
    at = rd_offset(r);
    if (!rd_bytes(r, 4, &p))
        return false;
    if (memcmp(p, version, 4) != 0)
        return rd_fail_at(r, at, "unknown binary version");
    return true;
}

/* Counts that two sections must agree on, checked once all are read. */
static bool check_counts(rd *r, const comp_module *m)
{
    if (m->func_count != m->code_count)
        return rd_fail(r, "function and code section have inconsistent lengths");
    if (m->has_data_count && m->data_count != m->data_segment_count)
        return rd_fail(r, "data count and data section have inconsistent lengths");
    return true;
}

static bool read_module(rd *r, module_reader *mr, comp_module **out)
{
    comp_module *m = rd_alloc(r, 1, sizeof *m);
    if (!m)
        return false;
    mr->m = m;
    m->offset = rd_offset(r);
    m->size = rd_remaining(r);
    if (!read_preamble(r))
        return false;
    while (!rd_eof(r))
        if (!read_section(r, mr))
            return false;
    if (!check_counts(r, m))
        return false;
    void *sections, *customs;
    if (!grow_finish(r, &mr->sections, sizeof(comp_section), &sections, &m->section_count) ||
        !grow_finish(r, &mr->customs, sizeof(comp_custom), &customs, &m->custom_count))
        return false;
    m->sections = sections;
    m->customs = customs;
    *out = m;
    return true;
}

bool module_read(rd *r, comp_module **out)
{
    hint_recorder *outer = r->rec;
    r->rec = NULL; /* the module's own sections record their hints */
    module_reader mr = {.last_rank = -1};
    bool ok = read_module(r, &mr, out);
    free(mr.sections.items);
    free(mr.customs.items);
    r->rec = outer;
    return ok;
}

bool comp_module_decode(const uint8_t *data, size_t len, comp_arena *arena,
                        comp_module **out, comp_error *err)
{
    rd r;
    rd_init(&r, data, len, arena, err);
    return module_read(&r, out);
}
