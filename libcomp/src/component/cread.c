/* Component decoding: preamble and sections (the entry point).
 *
 * Sections of one kind may repeat, yet the model keeps one array per kind.
 * A first pass walks the section headers and vector counts to size those
 * arrays; it never fails (it stops where the second pass will report the
 * error, so errors come in input order). The second pass decodes. */
#include "cread.h"
#include "cread_items.h"
#include "core/module_read.h"

#include <string.h>

enum { SECTION_KINDS = COMP_CSEC_VALUE + 1 };

static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};

static bool read_preamble(rd *r)
{
    size_t at = rd_offset(r);
    const uint8_t *p;
    if (rd_remaining(r) < 4)
        return rd_fail_at(r, rd_offset(r) + rd_remaining(r), "unexpected end-of-file");
    if (memcmp(r->p, magic, 4) != 0)
        return rd_fail_at(r, at, "magic header not detected");
    if (!rd_bytes(r, 4, &p) || !rd_bytes(r, 4, &p))
        return false;
    if (p[2] == 0x00 && p[3] == 0x00)
        return rd_fail_at(r, at + 4, "expected a version header for a component");
    if (p[0] != 0x0d || p[1] != 0x00 || p[2] != 0x01 || p[3] != 0x00)
        return rd_fail_at(r, at + 4, "unknown binary version");
    return true;
}

/* First pass: sections and items per kind. */
static void count_items(const rd *from, uint32_t *sections, uint32_t items[SECTION_KINDS])
{
    rd r = *from;
    r.err = NULL;
    r.rec = NULL;
    while (!rd_eof(&r)) {
        uint8_t id;
        uint32_t size, n = 1;
        rd sub;
        if (!rd_byte(&r, &id) || id >= SECTION_KINDS || !rd_u32(&r, &size) ||
            !rd_sub(&r, size, &sub))
            return;
        if (cr_is_vec_section(id) && !rd_count(&sub, &n, cr_min_item_bytes(id)))
            n = 0;
        if (*sections == UINT32_MAX || items[id] > UINT32_MAX - n)
            return;
        ++*sections;
        items[id] += n;
    }
}

/* Allocates the per-kind arrays for `items` elements each. */
static bool alloc_arrays(rd *r, comp_component *c, const uint32_t items[SECTION_KINDS])
{
#define ALLOC(field, id)                                                     \
    if (!(c->field = rd_alloc(r, items[id], sizeof *c->field)))               \
        return false;
    ALLOC(customs, COMP_CSEC_CUSTOM)
    ALLOC(modules, COMP_CSEC_CORE_MODULE)
    ALLOC(core_instances, COMP_CSEC_CORE_INSTANCE)
    ALLOC(core_types, COMP_CSEC_CORE_TYPE)
    ALLOC(components, COMP_CSEC_COMPONENT)
    ALLOC(instances, COMP_CSEC_INSTANCE)
    ALLOC(aliases, COMP_CSEC_ALIAS)
    ALLOC(types, COMP_CSEC_TYPE)
    ALLOC(canons, COMP_CSEC_CANON)
    ALLOC(starts, COMP_CSEC_START)
    ALLOC(imports, COMP_CSEC_IMPORT)
    ALLOC(exports, COMP_CSEC_EXPORT)
    ALLOC(values, COMP_CSEC_VALUE)
#undef ALLOC
    return true;
}

/* The count field of the component for section kind `id`. */
static uint32_t *item_count(comp_component *c, uint8_t id)
{
    switch (id) {
    case COMP_CSEC_CUSTOM: return &c->custom_count;
    case COMP_CSEC_CORE_MODULE: return &c->module_count;
    case COMP_CSEC_CORE_INSTANCE: return &c->core_instance_count;
    case COMP_CSEC_CORE_TYPE: return &c->core_type_count;
    case COMP_CSEC_COMPONENT: return &c->component_count;
    case COMP_CSEC_INSTANCE: return &c->instance_count;
    case COMP_CSEC_ALIAS: return &c->alias_count;
    case COMP_CSEC_TYPE: return &c->type_count;
    case COMP_CSEC_CANON: return &c->canon_count;
    case COMP_CSEC_START: return &c->start_count;
    case COMP_CSEC_IMPORT: return &c->import_count;
    case COMP_CSEC_EXPORT: return &c->export_count;
    default: return &c->value_count;
    }
}

static bool read_custom(rd *r, comp_custom *cu)
{
    const uint8_t *data;
    if (!rd_name(r, &cu->name))
        return false;
    cu->len = (uint32_t)rd_remaining(r); /* a section is at most 4 GiB */
    if (!rd_bytes(r, cu->len, &data))
        return false;
    cu->data = data;
    return true;
}

static bool read_module(rd *r, comp_module **out)
{
    /* A component preamble here gets a clearer message than the module
     * reader's "unknown binary version". */
    static const uint8_t component_version[4] = {0x0d, 0x00, 0x01, 0x00};
    if (rd_remaining(r) >= 8 && memcmp(r->p, magic, 4) == 0 &&
        memcmp(r->p + 4, component_version, 4) == 0)
        return rd_fail_at(r, rd_offset(r) + 4, "expected a version header for a module");
    return module_read(r, out);
}

static bool read_nested(rd *r, comp_component **out)
{
    return cr_enter(r) && cr_component(r, out);
}

/* Decodes the content of one section (in `r`) into the arrays, recording
 * LEB128 widths for the sections whose integers the encoder writes. */
static bool read_section(rd *r, comp_component *c, comp_component_section *sec,
                         const uint32_t cap[SECTION_KINDS])
{
    uint8_t id = sec->id;
    uint32_t *count = item_count(c, id);
    sec->first = *count;
    if (id == COMP_CSEC_CORE_MODULE || id == COMP_CSEC_COMPONENT) {
        if (*count >= cap[id])
            return rd_fail(r, "section count changed between passes");
        sec->count = 1;
        ++*count;
        return id == COMP_CSEC_CORE_MODULE ? read_module(r, &c->modules[sec->first])
                                           : read_nested(r, &c->components[sec->first]);
    }

    hint_recorder h;
    hints_begin(&h);
    r->rec = &h;
    bool ok;
    uint32_t n = 1;
    if (cr_is_vec_section(id)) {
        ok = rd_count(r, &n, cr_min_item_bytes(id));
        if (ok && n > cap[id] - *count)
            ok = rd_fail(r, "section count changed between passes");
        for (uint32_t i = 0; ok && i < n; i++)
            ok = cr_vec_item(r, c, id, *count + i);
    } else if (*count >= cap[id]) {
        ok = rd_fail(r, "section count changed between passes");
    } else if (id == COMP_CSEC_CUSTOM) {
        ok = read_custom(r, &c->customs[*count]);
    } else {
        ok = cr_start(r, &c->starts[*count]);
    }
    r->rec = NULL;
    if (!ok) {
        hints_discard(&h);
        return false;
    }
    uint8_t size_width = sec->enc.size_width;
    if (!hints_finish(&h, r, &sec->enc))
        return false;
    sec->enc.size_width = size_width;
    sec->count = n;
    *count += n;
    return true;
}

bool cr_component(rd *r, comp_component **out)
{
    size_t start = rd_offset(r);
    if (!read_preamble(r))
        return false;
    comp_component *c = rd_alloc(r, 1, sizeof *c);
    if (!c)
        return false;
    c->offset = start;
    uint32_t section_cap = 0, cap[SECTION_KINDS] = {0};
    count_items(r, &section_cap, cap);
    if (!(c->sections = rd_alloc(r, section_cap, sizeof *c->sections)) ||
        !alloc_arrays(r, c, cap))
        return false;

    while (!rd_eof(r)) {
        size_t at = rd_offset(r);
        uint8_t id;
        if (!rd_byte(r, &id))
            return false;
        if (id >= SECTION_KINDS)
            return rd_fail_at(r, at, "malformed section id");
        uint32_t size;
        uint8_t width;
        rd sub;
        if (!rd_u32_width(r, &size, &width) || !rd_sub(r, size, &sub))
            return false;
        if (c->section_count >= section_cap)
            return rd_fail_at(r, at, "section count changed between passes");
        comp_component_section *sec = &c->sections[c->section_count++];
        *sec = (comp_component_section){.id = id, .offset = at};
        sec->enc.size_width = width;
        if (!read_section(&sub, c, sec, cap))
            return false;
        if (!rd_eof(&sub))
            return rd_fail(&sub, "section size mismatch: %zu bytes left in section %u",
                           rd_remaining(&sub), id);
    }
    c->size = rd_offset(r) - start;
    *out = c;
    return true;
}

bool comp_component_decode(const uint8_t *data, size_t len, comp_arena *arena,
                           comp_component **out, comp_error *err)
{
    rd r;
    rd_init(&r, data, len, arena, err);
    return cr_component(&r, out);
}
