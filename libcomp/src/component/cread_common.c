/* Component decoding: the small productions used everywhere (value types,
 * names, sorts, extern types, aliases). */
#include "cread.h"
#include "core/types_io.h"

bool cr_bad_byte(rd *r, size_t offset, uint8_t byte, const char *what)
{
    return rd_fail_at(r, offset, "invalid leading byte (0x%x) for %s", byte, what);
}

bool cr_flag(rd *r, bool *out, const char *what)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    if (b > 1) {
        if (!what)
            return rd_fail_at(r, at, "invalid boolean value");
        return cr_bad_byte(r, at, b, what);
    }
    *out = b == 1;
    return true;
}

bool cr_enter(rd *r)
{
    if (++r->depth > RD_MAX_DEPTH)
        return rd_fail(r, "nesting too deep (more than %d levels)", RD_MAX_DEPTH);
    return true;
}

/* valtype: a primvaltype byte, else a type index as a non-negative s33
 * (so that it can never be mistaken for a type opcode). */
bool cr_valtype(rd *r, comp_cvaltype *out)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_peek(r, &b))
        return false;
    if (comp_is_primvaltype(b)) {
        r->p++;
        out->prim = b;
        out->index = 0;
        return true;
    }
    int64_t v;
    if (!rd_s33(r, &v))
        return false;
    if (v < 0)
        return cr_bad_byte(r, at, b, "component value type");
    out->prim = 0;
    out->index = (uint32_t)v;
    return true;
}

bool cr_extern_name(rd *r, comp_extern_name *out)
{
    size_t at = rd_offset(r);
    uint8_t prefix;
    if (!rd_byte(r, &prefix))
        return false;
    if (prefix > 0x02)
        return cr_bad_byte(r, at, prefix, "component name");
    out->prefix = prefix;
    out->attribute_count = 0;
    out->attributes = NULL;
    if (!rd_name(r, &out->name))
        return false;
    if (prefix != 0x02)
        return true;
    uint32_t n;
    if (!rd_count(r, &n, 2))
        return false;
    comp_attribute *attrs = rd_alloc(r, n, sizeof *attrs);
    if (!attrs)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        at = rd_offset(r);
        uint8_t kind;
        if (!rd_byte(r, &kind))
            return false;
        if (kind > COMP_ATTR_EXTERNAL_ID)
            return cr_bad_byte(r, at, kind, "name option");
        attrs[i].kind = kind;
        if (!rd_name(r, &attrs[i].value))
            return false;
    }
    out->attribute_count = n;
    out->attributes = attrs;
    return true;
}

static bool core_sort_valid(uint8_t s)
{
    return s <= COMP_CORE_SORT_TAG || (s >= COMP_CORE_SORT_TYPE && s <= COMP_CORE_SORT_INSTANCE);
}

/* sort: 0x00 core:sort | 0x01..0x05 */
static bool read_sort(rd *r, comp_sort *out)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    out->sort = b;
    out->core_sort = 0;
    if (b > COMP_SORT_INSTANCE)
        return cr_bad_byte(r, at, b, "component external kind");
    if (b != COMP_SORT_CORE)
        return true;
    at = rd_offset(r);
    if (!rd_byte(r, &b))
        return false;
    if (!core_sort_valid(b))
        return cr_bad_byte(r, at, b, "core external kind");
    out->core_sort = b;
    return true;
}

bool cr_sortidx(rd *r, comp_sortidx *out)
{
    return read_sort(r, &out->sort) && rd_u32(r, &out->index);
}

static bool read_bound(rd *r, comp_externtype *out, bool value)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    out->bound = b;
    if (b == COMP_BOUND_EQ)
        return rd_u32(r, &out->index);
    if (b != 0x01)
        return cr_bad_byte(r, at, b, value ? "value bound" : "type bound");
    return value ? cr_valtype(r, &out->value_type) : true;
}

bool cr_externtype(rd *r, comp_externtype *out)
{
    size_t at = rd_offset(r);
    uint8_t b;
    if (!rd_byte(r, &b))
        return false;
    *out = (comp_externtype){.kind = b};
    switch (b) {
    case COMP_SORT_CORE:
        at = rd_offset(r);
        if (!rd_byte(r, &b))
            return false;
        if (b != COMP_CORE_SORT_MODULE)
            return cr_bad_byte(r, at, b, "component external kind");
        return rd_u32(r, &out->index);
    case COMP_SORT_FUNC:
    case COMP_SORT_COMPONENT:
    case COMP_SORT_INSTANCE:
        return rd_u32(r, &out->index);
    case COMP_SORT_VALUE:
        return read_bound(r, out, true);
    case COMP_SORT_TYPE:
        return read_bound(r, out, false);
    default:
        return cr_bad_byte(r, at, b, "component external kind");
    }
}

/* alias: the sort bytes are read first and judged once the target is known,
 * since outer aliases allow fewer sorts. */
bool cr_alias(rd *r, comp_alias *out)
{
    *out = (comp_alias){.offset = rd_offset(r)};
    size_t sort_at = rd_offset(r);
    uint8_t s, cs = 0, target;
    if (!rd_byte(r, &s))
        return false;
    if (s == COMP_SORT_CORE) {
        sort_at = rd_offset(r);
        if (!rd_byte(r, &cs))
            return false;
    }
    out->sort = (comp_sort){s, cs};
    size_t target_at = rd_offset(r);
    if (!rd_byte(r, &target))
        return false;
    out->target = target;
    switch (target) {
    case COMP_ALIAS_EXPORT:
    case COMP_ALIAS_CORE_EXPORT:
        if (s > COMP_SORT_INSTANCE)
            return cr_bad_byte(r, sort_at, s, "component external kind");
        if (s == COMP_SORT_CORE && !core_sort_valid(cs))
            return cr_bad_byte(r, sort_at, cs, "core external kind");
        return rd_u32(r, &out->instance) && rd_name(r, &out->name);
    case COMP_ALIAS_OUTER: {
        bool ok = s == COMP_SORT_CORE
                      ? cs == COMP_CORE_SORT_MODULE || cs == COMP_CORE_SORT_TYPE
                      : s == COMP_SORT_TYPE || s == COMP_SORT_COMPONENT;
        if (!ok)
            return cr_bad_byte(r, sort_at, s == COMP_SORT_CORE ? cs : s,
                               "component outer alias kind");
        return rd_u32(r, &out->outer_count) && rd_u32(r, &out->outer_index);
    }
    default:
        return cr_bad_byte(r, target_at, target, "alias");
    }
}

