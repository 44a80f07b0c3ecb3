/* Component decoding: instances, imports, exports, start and values. */
#include "cread_items.h"

static bool read_core_instance(rd *r, comp_core_instance *ci)
{
    *ci = (comp_core_instance){.offset = rd_offset(r)};
    uint8_t kind;
    uint32_t n;
    if (!rd_byte(r, &kind))
        return false;
    ci->kind = kind;
    if (kind == COMP_INSTANCE_INSTANTIATE) {
        if (!rd_u32(r, &ci->module) || !rd_count(r, &n, 3))
            return false;
        ci->args = rd_alloc(r, n, sizeof *ci->args);
        if (!ci->args)
            return false;
        for (uint32_t i = 0; i < n; i++) {
            if (!rd_name(r, &ci->args[i].name))
                return false;
            size_t at = rd_offset(r);
            uint8_t sort;
            if (!rd_byte(r, &sort))
                return false;
            if (sort != COMP_CORE_SORT_INSTANCE)
                return cr_bad_byte(r, at, sort, "instantiation arg kind");
            if (!rd_u32(r, &ci->args[i].instance))
                return false;
        }
        ci->arg_count = n;
        return true;
    }
    if (kind != COMP_INSTANCE_EXPORTS)
        return cr_bad_byte(r, ci->offset, kind, "core instance");
    if (!rd_count(r, &n, 3))
        return false;
    ci->exports = rd_alloc(r, n, sizeof *ci->exports);
    if (!ci->exports)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        comp_core_inline_export *e = &ci->exports[i];
        if (!rd_name(r, &e->name))
            return false;
        size_t at = rd_offset(r);
        if (!rd_byte(r, &e->item.sort))
            return false;
        if (!(e->item.sort <= COMP_CORE_SORT_TAG ||
              (e->item.sort >= COMP_CORE_SORT_TYPE && e->item.sort <= COMP_CORE_SORT_INSTANCE)))
            return cr_bad_byte(r, at, e->item.sort, "core external kind");
        if (!rd_u32(r, &e->item.index))
            return false;
    }
    ci->export_count = n;
    return true;
}

static bool read_instance(rd *r, comp_instance *in)
{
    *in = (comp_instance){.offset = rd_offset(r)};
    uint8_t kind;
    uint32_t n;
    if (!rd_byte(r, &kind))
        return false;
    in->kind = kind;
    if (kind == COMP_INSTANCE_INSTANTIATE) {
        if (!rd_u32(r, &in->component) || !rd_count(r, &n, 3))
            return false;
        in->args = rd_alloc(r, n, sizeof *in->args);
        if (!in->args)
            return false;
        for (uint32_t i = 0; i < n; i++)
            if (!rd_name(r, &in->args[i].name) || !cr_sortidx(r, &in->args[i].item))
                return false;
        in->arg_count = n;
        return true;
    }
    if (kind != COMP_INSTANCE_EXPORTS)
        return cr_bad_byte(r, in->offset, kind, "instance");
    if (!rd_count(r, &n, 4))
        return false;
    in->exports = rd_alloc(r, n, sizeof *in->exports);
    if (!in->exports)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!cr_extern_name(r, &in->exports[i].name) || !cr_sortidx(r, &in->exports[i].item))
            return false;
    in->export_count = n;
    return true;
}

static bool read_import(rd *r, comp_cimport *im)
{
    im->offset = rd_offset(r);
    return cr_extern_name(r, &im->name) && cr_externtype(r, &im->type);
}

static bool read_export(rd *r, comp_cexport *ex)
{
    *ex = (comp_cexport){.offset = rd_offset(r)};
    return cr_extern_name(r, &ex->name) && cr_sortidx(r, &ex->item) &&
           cr_flag(r, &ex->has_type, "optional component export type") &&
           (!ex->has_type || cr_externtype(r, &ex->type));
}

static bool read_value(rd *r, comp_value *v)
{
    v->offset = rd_offset(r);
    const uint8_t *bytes;
    if (!cr_valtype(r, &v->type) || !rd_u32(r, &v->len) || !rd_bytes(r, v->len, &bytes))
        return false;
    v->bytes = bytes;
    return true;
}

bool cr_start(rd *r, comp_start *s)
{
    *s = (comp_start){.offset = rd_offset(r)};
    uint32_t n;
    if (!rd_u32(r, &s->func) || !rd_count(r, &n, 1))
        return false;
    s->args = rd_alloc(r, n, sizeof *s->args);
    if (!s->args)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!rd_u32(r, &s->args[i]))
            return false;
    s->arg_count = n;
    return rd_u32(r, &s->result_count);
}

/* Smallest encoding of one item of each vector section, to bound counts
 * by the bytes left before allocating. */
size_t cr_min_item_bytes(uint8_t id)
{
    switch (id) {
    case COMP_CSEC_ALIAS:
    case COMP_CSEC_IMPORT:
        return 4;
    case COMP_CSEC_EXPORT:
        return 5;
    case COMP_CSEC_CORE_INSTANCE:
    case COMP_CSEC_CORE_TYPE:
    case COMP_CSEC_INSTANCE:
    case COMP_CSEC_VALUE:
        return 2;
    default:
        return 1;
    }
}

bool cr_vec_item(rd *r, comp_component *c, uint8_t id, uint32_t at)
{
    switch (id) {
    case COMP_CSEC_CORE_INSTANCE: return read_core_instance(r, &c->core_instances[at]);
    case COMP_CSEC_CORE_TYPE: return cr_core_type(r, &c->core_types[at], false);
    case COMP_CSEC_INSTANCE: return read_instance(r, &c->instances[at]);
    case COMP_CSEC_ALIAS: return cr_alias(r, &c->aliases[at]);
    case COMP_CSEC_TYPE: return cr_type(r, &c->types[at]);
    case COMP_CSEC_CANON: return cr_canon(r, &c->canons[at]);
    case COMP_CSEC_IMPORT: return read_import(r, &c->imports[at]);
    case COMP_CSEC_EXPORT: return read_export(r, &c->exports[at]);
    case COMP_CSEC_VALUE: return read_value(r, &c->values[at]);
    default: return rd_fail(r, "section %u is not a vector", id);
    }
}
