/* Module-level validation: index spaces, imports, definitions, exports,
 * start, segments; then every function body (validate_code.c). Follows the
 * WebAssembly 2.0 rules, with multi-memory, extended constant expressions,
 * tags, 64-bit memories and shared memories behind feature bits. */
#include "core/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool vmod_fail(vmod *v, size_t offset, const char *fmt, ...)
{
    if (v->err) {
        v->err->offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(v->err->message, sizeof v->err->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool vmod_oom(vmod *v, size_t offset) { return vmod_fail(v, offset, "out of memory"); }

bool vstack_grow(vmod *v, size_t offset)
{
    comp_valtype *p =
        comp_heap_reserve(v->stack.v, &v->stack.cap, (uint64_t)v->stack.len + 1, sizeof *p);
    if (!p)
        return vmod_oom(v, offset);
    v->stack.v = p;
    return true;
}

const char *valtype_name(comp_valtype t)
{
    const char *name = comp_valtype_name(t);
    return name ? name : "unknown type";
}

/* ---- types ------------------------------------------------------------- */

static bool check_valtype(vmod *v, comp_valtype t, size_t offset)
{
    if (!valtype_is_valid(t))
        return vmod_fail(v, offset, "malformed value type 0x%02x", t);
    return true;
}

static bool check_functype(vmod *v, const comp_functype *ft, size_t offset)
{
    for (uint32_t i = 0; i < ft->param_count; i++)
        if (!check_valtype(v, ft->params[i], offset))
            return false;
    for (uint32_t i = 0; i < ft->result_count; i++)
        if (!check_valtype(v, ft->results[i], offset))
            return false;
    return true;
}

static bool check_type_index(vmod *v, uint32_t index, size_t offset)
{
    if (index >= v->m->type_count)
        return vmod_fail(v, offset, "unknown type %u", index);
    return true;
}

/* Limits are valid within `bound`: both ends at most the bound, min <= max. */
static bool check_limits(vmod *v, const comp_limits *l, uint64_t bound, const char *too_large,
                         size_t offset)
{
    if (l->min > bound)
        return vmod_fail(v, offset, "%s", too_large);
    if (l->flags & COMP_LIMITS_HAS_MAX) {
        if (l->max > bound)
            return vmod_fail(v, offset, "%s", too_large);
        if (l->min > l->max)
            return vmod_fail(v, offset, "size minimum must not be greater than maximum");
    }
    return true;
}

static bool check_memtype(vmod *v, const comp_limits *l, size_t offset)
{
    if (l->flags & ~(COMP_LIMITS_HAS_MAX | COMP_LIMITS_SHARED | COMP_LIMITS_64))
        return vmod_fail(v, offset, "malformed memory limits flags 0x%02x", l->flags);
    if ((l->flags & COMP_LIMITS_64) && !(v->features & COMP_FEATURE_MEMORY64))
        return vmod_fail(v, offset, "64-bit memories require the memory64 feature");
    if (l->flags & COMP_LIMITS_SHARED) {
        if (!(v->features & COMP_FEATURE_THREADS))
            return vmod_fail(v, offset, "shared memories require the threads feature");
        if (!(l->flags & COMP_LIMITS_HAS_MAX))
            return vmod_fail(v, offset, "shared memory must have maximum");
    }
    if (l->flags & COMP_LIMITS_64)
        return check_limits(v, l, (uint64_t)1 << 48,
                            "memory size must be at most 2**48 pages", offset);
    return check_limits(v, l, 65536, "memory size must be at most 65536 pages (4GiB)", offset);
}

static bool check_tabletype(vmod *v, const comp_tabletype *t, size_t offset)
{
    if (!valtype_is_ref(t->elem))
        return vmod_fail(v, offset, "malformed reference type 0x%02x", t->elem);
    if (t->limits.flags & ~COMP_LIMITS_HAS_MAX)
        return vmod_fail(v, offset, "malformed table limits flags 0x%02x", t->limits.flags);
    return check_limits(v, &t->limits, UINT32_MAX, "table size must be at most 2^32-1", offset);
}

static bool check_globaltype(vmod *v, const comp_globaltype *g, size_t offset)
{
    if (g->mutability > 1)
        return vmod_fail(v, offset, "malformed mutability");
    return check_valtype(v, g->type, offset);
}

static bool check_tagtype(vmod *v, const comp_tagtype *t, size_t offset)
{
    if (!(v->features & COMP_FEATURE_EXCEPTIONS))
        return vmod_fail(v, offset, "tags require the exceptions feature");
    if (t->attribute != 0)
        return vmod_fail(v, offset, "malformed tag attribute 0x%02x", t->attribute);
    if (!check_type_index(v, t->type, offset))
        return false;
    if (v->m->types[t->type].result_count != 0)
        return vmod_fail(v, offset, "non-empty tag result type");
    return true;
}

/* ---- index spaces -------------------------------------------------------- */

/* Where section `id` starts, for errors about entities that carry no
 * offset of their own; the module's start when it has no such section. */
static size_t section_offset(const vmod *v, uint8_t id)
{
    for (uint32_t i = 0; i < v->m->section_count; i++)
        if (v->m->sections[i].id == id)
            return v->m->sections[i].offset;
    return v->m->offset;
}

static bool check_total(vmod *v, uint64_t total, uint32_t *out)
{
    if (total > UINT32_MAX)
        return vmod_fail(v, v->m->offset, "too many definitions in one index space");
    *out = (uint32_t)total;
    return true;
}

/* Flattens imports and definitions into per-kind arrays, checking each
 * descriptor on the way. */
static bool build_index_spaces(vmod *v)
{
    const comp_module *m = v->m;
    uint32_t imp[5] = {0};
    for (uint32_t i = 0; i < m->import_count; i++) {
        uint8_t kind = m->imports[i].kind;
        if (kind > COMP_EXTERN_TAG)
            return vmod_fail(v, m->imports[i].offset, "malformed import kind");
        imp[kind]++;
    }
    if (!check_total(v, (uint64_t)imp[COMP_EXTERN_FUNC] + m->func_count, &v->func_count) ||
        !check_total(v, (uint64_t)imp[COMP_EXTERN_TABLE] + m->table_count, &v->table_count) ||
        !check_total(v, (uint64_t)imp[COMP_EXTERN_MEMORY] + m->memory_count, &v->memory_count) ||
        !check_total(v, (uint64_t)imp[COMP_EXTERN_GLOBAL] + m->global_count, &v->global_count) ||
        !check_total(v, (uint64_t)imp[COMP_EXTERN_TAG] + m->tag_count, &v->tag_count))
        return false;
    v->imported_globals = imp[COMP_EXTERN_GLOBAL];

    v->func_types = malloc(((size_t)v->func_count + 1) * sizeof *v->func_types);
    v->tables = malloc(((size_t)v->table_count + 1) * sizeof *v->tables);
    v->memories = malloc(((size_t)v->memory_count + 1) * sizeof *v->memories);
    v->globals = malloc(((size_t)v->global_count + 1) * sizeof *v->globals);
    v->tags = malloc(((size_t)v->tag_count + 1) * sizeof *v->tags);
    v->refs = calloc((size_t)v->func_count / 8 + 1, 1);
    if (!v->func_types || !v->tables || !v->memories || !v->globals || !v->tags || !v->refs)
        return vmod_oom(v, m->offset);

    uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
    for (uint32_t i = 0; i < m->import_count; i++) {
        const comp_import *im = &m->imports[i];
        switch (im->kind) {
        case COMP_EXTERN_FUNC:
            if (!check_type_index(v, im->desc.func_type, im->offset))
                return false;
            v->func_types[nf++] = im->desc.func_type;
            break;
        case COMP_EXTERN_TABLE:
            if (!check_tabletype(v, &im->desc.table, im->offset))
                return false;
            v->tables[nt++] = &im->desc.table;
            break;
        case COMP_EXTERN_MEMORY:
            if (!check_memtype(v, &im->desc.memory, im->offset))
                return false;
            v->memories[nm++] = &im->desc.memory;
            break;
        case COMP_EXTERN_GLOBAL:
            if (!check_globaltype(v, &im->desc.global, im->offset))
                return false;
            v->globals[ng++] = &im->desc.global;
            break;
        default:
            if (!check_tagtype(v, &im->desc.tag, im->offset))
                return false;
            v->tags[ntag++] = &im->desc.tag;
            break;
        }
    }
    /* Defined entities have no offsets of their own in the model: errors
     * point at their section. */
    for (uint32_t i = 0; i < m->func_count; i++) {
        if (!check_type_index(v, m->funcs[i], section_offset(v, COMP_SEC_FUNCTION)))
            return false;
        v->func_types[nf++] = m->funcs[i];
    }
    for (uint32_t i = 0; i < m->table_count; i++) {
        if (!check_tabletype(v, &m->tables[i], section_offset(v, COMP_SEC_TABLE)))
            return false;
        v->tables[nt++] = &m->tables[i];
    }
    for (uint32_t i = 0; i < m->memory_count; i++) {
        if (!check_memtype(v, &m->memories[i], section_offset(v, COMP_SEC_MEMORY)))
            return false;
        v->memories[nm++] = &m->memories[i];
    }
    for (uint32_t i = 0; i < m->tag_count; i++) {
        if (!check_tagtype(v, &m->tags[i], section_offset(v, COMP_SEC_TAG)))
            return false;
        v->tags[ntag++] = &m->tags[i];
    }
    for (uint32_t i = 0; i < m->global_count; i++)
        v->globals[ng++] = &m->globals[i].type;

    if (v->memory_count > 1 && !(v->features & COMP_FEATURE_MULTI_MEMORY))
        return vmod_fail(v, section_offset(v, COMP_SEC_MEMORY), "multiple memories");
    return true;
}

/* ---- globals, exports, start ------------------------------------------- */

static bool check_globals(vmod *v)
{
    for (uint32_t i = 0; i < v->m->global_count; i++) {
        const comp_global *g = &v->m->globals[i];
        if (!check_globaltype(v, &g->type, g->init.offset) ||
            !validate_const_expr(v, &g->init, g->type.type))
            return false;
    }
    return true;
}

static uint32_t name_hash(comp_str s)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < s.len; i++)
        h = (h ^ (uint8_t)s.data[i]) * 16777619u;
    return h;
}

/* Export names must be unique: an open-addressing set of export indices. */
static bool check_export_names(vmod *v)
{
    const comp_module *m = v->m;
    size_t slots = 16;
    while (slots < (size_t)m->export_count * 2)
        slots *= 2;
    uint32_t *set = malloc(slots * sizeof *set);
    if (!set)
        return vmod_oom(v, m->offset);
    memset(set, 0xff, slots * sizeof *set);
    bool ok = true;
    for (uint32_t i = 0; i < m->export_count && ok; i++) {
        size_t at = name_hash(m->exports[i].name) & (slots - 1);
        for (; set[at] != UINT32_MAX; at = (at + 1) & (slots - 1)) {
            if (comp_str_eq(m->exports[set[at]].name, m->exports[i].name)) {
                ok = vmod_fail(v, m->exports[i].offset, "duplicate export name");
                break;
            }
        }
        set[at] = i;
    }
    free(set);
    return ok;
}

static bool check_exports(vmod *v)
{
    for (uint32_t i = 0; i < v->m->export_count; i++) {
        const comp_export *e = &v->m->exports[i];
        uint32_t x = e->index;
        switch (e->kind) {
        case COMP_EXTERN_FUNC:
            if (x >= v->func_count)
                return vmod_fail(v, e->offset, "unknown function %u", x);
            refs_mark(v, x);
            break;
        case COMP_EXTERN_TABLE:
            if (x >= v->table_count)
                return vmod_fail(v, e->offset, "unknown table %u", x);
            break;
        case COMP_EXTERN_MEMORY:
            if (x >= v->memory_count)
                return vmod_fail(v, e->offset, "unknown memory %u", x);
            break;
        case COMP_EXTERN_GLOBAL:
            if (x >= v->global_count)
                return vmod_fail(v, e->offset, "unknown global %u", x);
            break;
        case COMP_EXTERN_TAG:
            if (!(v->features & COMP_FEATURE_EXCEPTIONS))
                return vmod_fail(v, e->offset, "tags require the exceptions feature");
            if (x >= v->tag_count)
                return vmod_fail(v, e->offset, "unknown tag %u", x);
            break;
        default:
            return vmod_fail(v, e->offset, "malformed export kind");
        }
    }
    return check_export_names(v);
}

static bool check_start(vmod *v)
{
    const comp_module *m = v->m;
    if (!m->has_start)
        return true;
    size_t at = section_offset(v, COMP_SEC_START);
    if (m->start >= v->func_count)
        return vmod_fail(v, at, "unknown function %u", m->start);
    const comp_functype *ft = &m->types[v->func_types[m->start]];
    if (ft->param_count != 0 || ft->result_count != 0)
        return vmod_fail(v, at, "start function must have type [] -> []");
    return true;
}

/* ---- segments ------------------------------------------------------------ */

static bool check_elem(vmod *v, const comp_elem *e)
{
    if (e->flags > 7)
        return vmod_fail(v, e->pos, "malformed elements segment kind");
    if (!valtype_is_ref(e->type))
        return vmod_fail(v, e->pos, "malformed reference type 0x%02x", e->type);
    if (!(e->flags & 4) && e->type != COMP_FUNCREF)
        return vmod_fail(v, e->pos, "type mismatch");
    if (!(e->flags & 1)) { /* active */
        if (e->table >= v->table_count)
            return vmod_fail(v, e->pos, "unknown table %u", e->table);
        if (!validate_const_expr(v, &e->offset, COMP_I32))
            return false;
        if (v->tables[e->table]->elem != e->type)
            return vmod_fail(v, e->pos, "type mismatch");
    }
    if (e->flags & 4) {
        for (uint32_t i = 0; i < e->count; i++)
            if (!validate_const_expr(v, &e->exprs[i], e->type))
                return false;
    } else {
        for (uint32_t i = 0; i < e->count; i++) {
            if (e->funcs[i] >= v->func_count)
                return vmod_fail(v, e->pos, "unknown function %u", e->funcs[i]);
            refs_mark(v, e->funcs[i]);
        }
    }
    return true;
}

static bool check_data(vmod *v, const comp_data *d)
{
    if (d->flags > 2)
        return vmod_fail(v, d->pos, "malformed data segment kind");
    if (d->flags == 1)
        return true;
    uint32_t mem = d->flags == 2 ? d->memory : 0;
    if (mem >= v->memory_count)
        return vmod_fail(v, d->pos, "unknown memory %u", mem);
    return validate_const_expr(v, &d->offset, memory_index_type(v->memories[mem]));
}

/* ---- driver -------------------------------------------------------------- */

static bool check_counts(vmod *v)
{
    const comp_module *m = v->m;
    if (m->func_count != m->code_count)
        return vmod_fail(v, section_offset(v, COMP_SEC_CODE),
                         "function and code section have inconsistent lengths");
    if (m->has_data_count && m->data_count != m->data_segment_count)
        return vmod_fail(v, section_offset(v, COMP_SEC_DATA_COUNT),
                         "data count and data section have inconsistent lengths");
    if (m->tag_count && !(v->features & COMP_FEATURE_EXCEPTIONS))
        return vmod_fail(v, section_offset(v, COMP_SEC_TAG), "tags require the exceptions feature");
    return true;
}

static bool validate_all(vmod *v)
{
    const comp_module *m = v->m;
    if (!check_counts(v))
        return false;
    for (uint32_t i = 0; i < m->type_count; i++)
        if (!check_functype(v, &m->types[i], section_offset(v, COMP_SEC_TYPE)))
            return false;
    if (!build_index_spaces(v) || !check_globals(v) || !check_exports(v) || !check_start(v))
        return false;
    for (uint32_t i = 0; i < m->elem_count; i++)
        if (!check_elem(v, &m->elems[i]))
            return false;
    for (uint32_t i = 0; i < m->data_segment_count; i++)
        if (!check_data(v, &m->datas[i]))
            return false;
    for (uint32_t i = 0; i < m->code_count; i++)
        if (!validate_code(v, i, &m->codes[i]))
            return false;
    return true;
}

bool comp_module_validate(const comp_module *m, uint32_t features, comp_error *err)
{
    vmod v;
    memset(&v, 0, sizeof v);
    v.m = m;
    v.features = features;
    v.err = err;
    bool ok = validate_all(&v);
    free(v.func_types);
    free((void *)v.tables);
    free((void *)v.memories);
    free((void *)v.globals);
    free((void *)v.tags);
    free(v.refs);
    free(v.stack.v);
    free(v.frames);
    free(v.locals);
    return ok;
}
