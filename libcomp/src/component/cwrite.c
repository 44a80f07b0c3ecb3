/* Component encoding: preamble and sections (the entry point). */
#include "cwrite.h"

static void write_core_instance(wr *w, const comp_core_instance *ci)
{
    wr_byte(w, ci->kind);
    if (ci->kind == COMP_INSTANCE_INSTANTIATE) {
        wr_u32(w, ci->module);
        wr_u32(w, ci->arg_count);
        for (uint32_t i = 0; i < ci->arg_count; i++) {
            wr_name(w, ci->args[i].name);
            wr_byte(w, COMP_CORE_SORT_INSTANCE);
            wr_u32(w, ci->args[i].instance);
        }
        return;
    }
    wr_u32(w, ci->export_count);
    for (uint32_t i = 0; i < ci->export_count; i++) {
        wr_name(w, ci->exports[i].name);
        wr_byte(w, ci->exports[i].item.sort);
        wr_u32(w, ci->exports[i].item.index);
    }
}

static void write_instance(wr *w, const comp_instance *in)
{
    wr_byte(w, in->kind);
    if (in->kind == COMP_INSTANCE_INSTANTIATE) {
        wr_u32(w, in->component);
        wr_u32(w, in->arg_count);
        for (uint32_t i = 0; i < in->arg_count; i++) {
            wr_name(w, in->args[i].name);
            cw_sortidx(w, in->args[i].item);
        }
        return;
    }
    wr_u32(w, in->export_count);
    for (uint32_t i = 0; i < in->export_count; i++) {
        cw_extern_name(w, &in->exports[i].name);
        cw_sortidx(w, in->exports[i].item);
    }
}

static void write_export(wr *w, const comp_cexport *ex)
{
    cw_extern_name(w, &ex->name);
    cw_sortidx(w, ex->item);
    wr_byte(w, ex->has_type ? 0x01 : 0x00);
    if (ex->has_type)
        cw_externtype(w, &ex->type);
}

static void write_start(wr *w, const comp_start *s)
{
    wr_u32(w, s->func);
    wr_u32(w, s->arg_count);
    for (uint32_t i = 0; i < s->arg_count; i++)
        wr_u32(w, s->args[i]);
    wr_u32(w, s->result_count);
}

static bool write_item(wr *w, const comp_component *c, uint8_t id, uint32_t i,
                       unsigned depth, comp_error *err)
{
    switch (id) {
    case COMP_CSEC_CUSTOM:
        wr_name(w, c->customs[i].name);
        wr_bytes(w, c->customs[i].data, c->customs[i].len);
        return true;
    case COMP_CSEC_CORE_INSTANCE: write_core_instance(w, &c->core_instances[i]); return true;
    case COMP_CSEC_CORE_TYPE: return cw_core_type(w, &c->core_types[i], depth, err);
    case COMP_CSEC_INSTANCE: write_instance(w, &c->instances[i]); return true;
    case COMP_CSEC_ALIAS: cw_alias(w, &c->aliases[i]); return true;
    case COMP_CSEC_TYPE: return cw_type(w, &c->types[i], depth, err);
    case COMP_CSEC_CANON: return cw_canon(w, &c->canons[i], err);
    case COMP_CSEC_START: write_start(w, &c->starts[i]); return true;
    case COMP_CSEC_IMPORT:
        cw_extern_name(w, &c->imports[i].name);
        cw_externtype(w, &c->imports[i].type);
        return true;
    case COMP_CSEC_EXPORT: write_export(w, &c->exports[i]); return true;
    case COMP_CSEC_VALUE:
        cw_valtype(w, c->values[i].type);
        wr_u32(w, c->values[i].len);
        wr_bytes(w, c->values[i].bytes, c->values[i].len);
        return true;
    default:
        return comp_error_set(err, 0, "cannot encode section id %u", id);
    }
}

/* Items available for section kind `id`. */
static uint32_t items_of(const comp_component *c, uint8_t id)
{
    switch (id) {
    case COMP_CSEC_CUSTOM: return c->custom_count;
    case COMP_CSEC_CORE_MODULE: return c->module_count;
    case COMP_CSEC_CORE_INSTANCE: return c->core_instance_count;
    case COMP_CSEC_CORE_TYPE: return c->core_type_count;
    case COMP_CSEC_COMPONENT: return c->component_count;
    case COMP_CSEC_INSTANCE: return c->instance_count;
    case COMP_CSEC_ALIAS: return c->alias_count;
    case COMP_CSEC_TYPE: return c->type_count;
    case COMP_CSEC_CANON: return c->canon_count;
    case COMP_CSEC_START: return c->start_count;
    case COMP_CSEC_IMPORT: return c->import_count;
    case COMP_CSEC_EXPORT: return c->export_count;
    case COMP_CSEC_VALUE: return c->value_count;
    default: return 0;
    }
}

static bool is_vec(uint8_t id)
{
    return id != COMP_CSEC_CUSTOM && id != COMP_CSEC_CORE_MODULE &&
           id != COMP_CSEC_COMPONENT && id != COMP_CSEC_START;
}

static bool encode_component(const comp_component *c, comp_buf *out, unsigned depth,
                             comp_error *err);

static bool write_section(const comp_component *c, const comp_component_section *sec,
                          comp_buf *content, unsigned depth, comp_error *err)
{
    uint32_t avail = items_of(c, sec->id);
    if (sec->id > COMP_CSEC_VALUE || sec->first > avail || sec->count > avail - sec->first ||
        (!is_vec(sec->id) && sec->count != 1))
        return comp_error_set(err, sec->offset,
                              "section %u names items %u..%u beyond the %u there are",
                              sec->id, sec->first, sec->first + sec->count, avail);
    if (sec->id == COMP_CSEC_CORE_MODULE)
        return comp_module_encode(c->modules[sec->first], content, err);
    if (sec->id == COMP_CSEC_COMPONENT)
        return encode_component(c->components[sec->first], content, depth + 1, err);
    wr w;
    wr_init(&w, content, &sec->enc);
    if (is_vec(sec->id))
        wr_u32(&w, sec->count);
    for (uint32_t i = 0; i < sec->count; i++)
        if (!write_item(&w, c, sec->id, sec->first + i, depth, err))
            return false;
    return true;
}

static bool encode_component(const comp_component *c, comp_buf *out, unsigned depth,
                             comp_error *err)
{
    static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    if (depth > RD_MAX_DEPTH)
        return comp_error_set(err, c->offset, "components nest more than %d levels", RD_MAX_DEPTH);
    comp_buf_append(out, preamble, sizeof preamble);
    for (uint32_t s = 0; s < c->section_count; s++) {
        const comp_component_section *sec = &c->sections[s];
        comp_buf content = {0};
        bool ok = write_section(c, sec, &content, depth, err);
        if (ok && content.oom)
            ok = comp_error_set(err, sec->offset, "out of memory");
        if (ok)
            wr_section(out, sec->id, &sec->enc, &content);
        comp_buf_free(&content);
        if (!ok)
            return false;
    }
    if (out->oom)
        return comp_error_set(err, c->offset, "out of memory");
    return true;
}

bool comp_component_encode(const comp_component *c, comp_buf *out, comp_error *err)
{
    return encode_component(c, out, 0, err);
}
