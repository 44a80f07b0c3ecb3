/* The type store and type definitions: defvaltype rules, function types,
 * resource types, and the canonical ABI facts the rest of the validator
 * needs (element size, flattening, whether memory is needed). */
#include "component/validate.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ELEM_SIZE = 1u << 28 };
#define SIZE_CAP (UINT64_C(1) << 40)

vid node_new(vstate *s, uint8_t kind, size_t offset)
{
    if (s->node_count == s->node_cap) { /* the test keeps the common path inline */
        vnode *nodes =
            s->node_count < VID_NONE
                ? comp_heap_reserve(s->nodes, &s->node_cap, s->node_count + 1, sizeof *nodes)
                : NULL;
        if (!nodes) {
            v_oom(s, offset);
            return VID_NONE;
        }
        s->nodes = nodes;
    }
    vid id = s->node_count++;
    memset(&s->nodes[id], 0, sizeof s->nodes[id]);
    s->nodes[id].kind = kind;
    s->nodes[id].resource = VID_NONE;
    s->nodes[id].named_of = VID_NONE;
    s->nodes[id].copy_of = VID_NONE;
    return id;
}

bool sort_indices(vstate *s, uint32_t *idx, uint32_t n,
                  int (*cmp)(const void *ctx, uint32_t a, uint32_t b), const void *ctx,
                  size_t offset)
{
    if (n < 2)
        return true;
    uint32_t *tmp = malloc((size_t)n * sizeof *tmp);
    if (!tmp)
        return v_oom(s, offset);
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp(ctx, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
            while (i < mid)
                tmp[k++] = idx[i++];
            while (j < hi)
                tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, (size_t)n * sizeof *idx);
        if (width > n / 2)
            break;
    }
    free(tmp);
    return true;
}

static int export_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const vnode *n = ctx;
    return comp_str_cmp(n->exports[a].name, n->exports[b].name);
}

static int import_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const vnode *n = ctx;
    return comp_str_cmp(n->imports[a].name, n->imports[b].name);
}

static int core_export_cmp(const void *ctx, uint32_t a, uint32_t b)
{
    const vnode *n = ctx;
    return comp_str_cmp(n->core_exports[a].name, n->core_exports[b].name);
}

bool node_sort_exports(vstate *s, vid id, size_t offset)
{
    vnode *n = node_at(s, id);
    bool core = n->kind == VK_CORE_INSTANCE || n->kind == VK_CORE_MODULE;
    uint32_t count = core ? n->core_export_count : n->export_count;
    uint32_t *idx = v_array(s, count ? count : 1, sizeof *idx, offset);
    if (!idx)
        return false;
    for (uint32_t i = 0; i < count; i++)
        idx[i] = i;
    if (!sort_indices(s, idx, count, core ? core_export_cmp : export_cmp, n, offset))
        return false;
    if (core)
        n->core_export_sorted = idx;
    else
        n->export_sorted = idx;
    if (core || !n->import_count)
        return true;
    idx = v_array(s, n->import_count, sizeof *idx, offset);
    if (!idx)
        return false;
    for (uint32_t i = 0; i < n->import_count; i++)
        idx[i] = i;
    if (!sort_indices(s, idx, n->import_count, import_cmp, n, offset))
        return false;
    node_at(s, id)->import_sorted = idx;
    return true;
}

const void *sorted_find(const void *items, size_t stride, size_t name_at, const uint32_t *sorted,
                        uint32_t count, comp_str name)
{
    uint32_t lo = 0, hi = count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *e = (const char *)items + (size_t)sorted[mid] * stride;
        comp_str key;
        memcpy(&key, e + name_at, sizeof key);
        int c = comp_str_cmp(key, name);
        if (c == 0)
            return e;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const vnamed *instance_export(vstate *s, vid inst, comp_str name)
{
    const vnode *n = node_at(s, inst);
    return sorted_find(n->exports, sizeof *n->exports, offsetof(vnamed, name), n->export_sorted,
                       n->export_count, name);
}

const vnamed *component_import(vstate *s, vid c, comp_str name)
{
    const vnode *n = node_at(s, c);
    return sorted_find(n->imports, sizeof *n->imports, offsetof(vnamed, name), n->import_sorted,
                       n->import_count, name);
}

const vcore_named *core_instance_export(vstate *s, vid inst, comp_str name)
{
    const vnode *n = node_at(s, inst);
    return sorted_find(n->core_exports, sizeof *n->core_exports, offsetof(vcore_named, name),
                       n->core_export_sorted, n->core_export_count, name);
}

/* ---- derived facts ------------------------------------------------------- */

static void prim_layout(uint8_t p, uint64_t *size, uint32_t *align)
{
    switch (p) {
    case COMP_PRIM_BOOL: case COMP_PRIM_S8: case COMP_PRIM_U8: *size = 1; break;
    case COMP_PRIM_S16: case COMP_PRIM_U16: *size = 2; break;
    case COMP_PRIM_S64: case COMP_PRIM_U64: case COMP_PRIM_F64: *size = 8; break;
    case COMP_PRIM_STRING: *size = 16; *align = 8; return;
    default: *size = 4; break;
    }
    *align = (uint32_t)*size;
}

static void val_layout(vstate *s, vval v, uint64_t *size, uint32_t *align)
{
    if (v.prim) {
        prim_layout(v.prim, size, align);
        return;
    }
    *size = node_at(s, v.id)->elem_size;
    *align = node_at(s, v.id)->align;
}

static uint64_t align_to(uint64_t x, uint32_t a) { return (x + a - 1) / a * a; }
static uint64_t sat(uint64_t x) { return x > SIZE_CAP ? SIZE_CAP : x; }

static uint32_t disc_size(uint32_t cases)
{
    return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
}

/* Layout of a variant with `count` cases whose payloads are given. */
static void variant_layout(vstate *s, uint32_t count, const vval *payloads, const bool *present,
                           uint32_t n, vnode *out)
{
    uint32_t d = disc_size(count), a = d;
    uint64_t cs = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!present[i])
            continue;
        uint64_t sz;
        uint32_t al;
        val_layout(s, payloads[i], &sz, &al);
        if (al > a)
            a = al;
        if (sz > cs)
            cs = sz;
    }
    uint64_t size = align_to(d, a) + cs;
    out->elem_size = sat(align_to(size, a));
    out->align = a;
}

static void layout(vstate *s, vnode *n)
{
    uint64_t size = 0, sz;
    uint32_t a = 1, al;
    switch (n->kind) {
    case COMP_TYPE_RECORD:
    case COMP_TYPE_TUPLE:
        for (uint32_t i = 0; i < n->count; i++) {
            val_layout(s, n->fields[i].type, &sz, &al);
            size = sat(align_to(size, al) + sz);
            if (al > a)
                a = al;
        }
        n->elem_size = sat(align_to(size, a));
        n->align = a;
        return;
    case COMP_TYPE_VARIANT: {
        uint32_t d = disc_size(n->count);
        a = d;
        for (uint32_t i = 0; i < n->count; i++) {
            if (!n->fields[i].has_type)
                continue;
            val_layout(s, n->fields[i].type, &sz, &al);
            if (al > a)
                a = al;
            if (sz > size)
                size = sz;
        }
        n->elem_size = sat(align_to(align_to(d, a) + size, a));
        n->align = a;
        return;
    }
    case COMP_TYPE_ENUM:
        n->elem_size = n->align = disc_size(n->count);
        return;
    case COMP_TYPE_FLAGS:
        n->elem_size = n->align = n->count <= 8 ? 1 : n->count <= 16 ? 2 : 4;
        return;
    case COMP_TYPE_OPTION: {
        vval p[2] = {n->a, n->a};
        bool present[2] = {false, true};
        variant_layout(s, 2, p, present, 2, n);
        return;
    }
    case COMP_TYPE_RESULT: {
        vval p[2] = {n->a, n->b};
        bool present[2] = {n->has_a, n->has_b};
        variant_layout(s, 2, p, present, 2, n);
        return;
    }
    case COMP_TYPE_LIST:
    case COMP_TYPE_MAP:
        n->elem_size = 16;
        n->align = 8;
        return;
    case COMP_TYPE_FIXED_LIST:
        val_layout(s, n->a, &sz, &al);
        n->elem_size = sat(sz * n->length);
        n->align = al;
        return;
    default:
        if (comp_is_primvaltype(n->kind)) {
            prim_layout(n->kind, &n->elem_size, &n->align);
            return;
        }
        n->elem_size = n->align = 4; /* handles, streams, futures */
        return;
    }
}

static void note_resource_origins(vnode *n, uint32_t lo, uint32_t hi)
{
    if (!n->has_resource || lo < n->res_lo)
        n->res_lo = lo;
    if (!n->has_resource || hi > n->res_hi)
        n->res_hi = hi;
    n->has_resource = true;
}

static void add_child_val(vstate *s, vnode *n, vval v, uint32_t *depth, uint64_t *size)
{
    if (v.prim) {
        *size += 1;
        if (v.prim == COMP_PRIM_STRING)
            n->needs_memory = true;
        return;
    }
    const vnode *c = node_at(s, v.id);
    if (c->depth > *depth)
        *depth = c->depth;
    *size += c->size;
    if (c->has_resource)
        note_resource_origins(n, c->res_lo, c->res_hi);
    n->has_borrow |= c->has_borrow;
    n->needs_memory |= c->needs_memory;
    n->has_type_import |= c->has_type_import;
}

static void add_child_node(vstate *s, vnode *n, vid id, uint32_t *depth, uint64_t *size)
{
    vval v = {0, id};
    add_child_val(s, n, v, depth, size);
}

bool node_finish(vstate *s, vid id, size_t offset)
{
    vnode *n = node_at(s, id);
    uint32_t depth = 0;
    uint64_t size = 1;
    n->has_resource = false; /* recomputed from the children */
    for (uint32_t i = 0; i < n->count; i++)
        if (n->fields[i].has_type)
            add_child_val(s, n, n->fields[i].type, &depth, &size);
    if (n->has_a)
        add_child_val(s, n, n->a, &depth, &size);
    if (n->has_b)
        add_child_val(s, n, n->b, &depth, &size);
    if (n->resource != VID_NONE)
        add_child_node(s, n, n->resource, &depth, &size);
    for (uint32_t pass = 0; pass < 2; pass++) {
        const vnamed *list = pass ? n->exports : n->imports;
        uint32_t count = pass ? n->export_count : n->import_count;
        for (uint32_t i = 0; i < count; i++) {
            const ventity *e = &list[i].e;
            if (e->sort == COMP_SORT_VALUE)
                add_child_val(s, n, e->value, &depth, &size);
            else
                add_child_node(s, n, e->type, &depth, &size);
        }
    }
    n->has_type_import |= n->type_import; /* copies of a name stay substitutable */
    /* Only value types that are themselves containers need memory. */
    switch (n->kind) {
    case COMP_TYPE_LIST:
    case COMP_TYPE_MAP:
    case COMP_PRIM_STRING:
        n->needs_memory = true;
        break;
    case COMP_TYPE_OWN:
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
    case COMP_TYPE_COMPONENT:
    case COMP_TYPE_INSTANCE:
        if (n->kind == COMP_TYPE_STREAM || n->kind == COMP_TYPE_FUTURE || n->kind == COMP_TYPE_OWN)
            n->needs_memory = false;
        break;
    case COMP_TYPE_BORROW:
        n->needs_memory = false;
        n->has_borrow = true;
        break;
    case COMP_TYPE_RESOURCE:
        note_resource_origins(n, n->origin, n->origin);
        break;
    default:
        break;
    }
    if (n->kind == COMP_TYPE_STREAM || n->kind == COMP_TYPE_FUTURE)
        n->has_borrow = false; /* payloads are checked to be borrow-free */
    if (n->kind == COMP_TYPE_FUNC || n->kind == COMP_TYPE_ASYNC_FUNC ||
        n->kind == COMP_TYPE_COMPONENT || n->kind == COMP_TYPE_INSTANCE)
        n->has_borrow = false;
    n->depth = depth + 1;
    n->size = size > VAL_MAX_TYPE_SIZE ? VAL_MAX_TYPE_SIZE + 1 : (uint32_t)size;
    if (n->depth > VAL_MAX_DEPTH)
        return v_fail(s, offset, "type nesting is too deep (more than %u levels)", VAL_MAX_DEPTH);
    if (n->size > VAL_MAX_TYPE_SIZE)
        return v_fail(s, offset, "effective type size exceeds the limit of %u", VAL_MAX_TYPE_SIZE);
    layout(s, n);
    return true;
}

bool val_has_borrow(vstate *s, vval v) { return !v.prim && node_at(s, v.id)->has_borrow; }
bool val_has_resource(vstate *s, vval v) { return !v.prim && node_at(s, v.id)->has_resource; }
bool val_needs_memory(vstate *s, vval v)
{
    return v.prim ? v.prim == COMP_PRIM_STRING : node_at(s, v.id)->needs_memory;
}

/* ---- flattening (CanonicalABI.md "Flattening", 32-bit memories) ---------- */

static void flat_push(comp_valtype *out, uint32_t *n, comp_valtype t)
{
    if (*n < VAL_MAX_FLAT)
        out[(*n)++] = t;
}

static comp_valtype flat_join(comp_valtype a, comp_valtype b)
{
    if (a == b)
        return a;
    if ((a == COMP_I32 && b == COMP_F32) || (a == COMP_F32 && b == COMP_I32))
        return COMP_I32;
    return COMP_I64;
}

static void flatten_cases(vstate *s, const vval *payloads, const bool *present, uint32_t n,
                          comp_valtype *out, uint32_t *count)
{
    comp_valtype joined[VAL_MAX_FLAT];
    uint32_t joined_n = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!present[i])
            continue;
        comp_valtype one[VAL_MAX_FLAT];
        uint32_t one_n = 0;
        val_flatten(s, payloads[i], one, &one_n);
        for (uint32_t k = 0; k < one_n; k++) {
            if (k < joined_n)
                joined[k] = flat_join(joined[k], one[k]);
            else
                joined[joined_n++] = one[k];
        }
    }
    flat_push(out, count, COMP_I32);
    for (uint32_t k = 0; k < joined_n; k++)
        flat_push(out, count, joined[k]);
}

void val_flatten(vstate *s, vval v, comp_valtype *out, uint32_t *n)
{
    if (*n >= VAL_MAX_FLAT)
        return;
    uint8_t kind = v.prim;
    const vnode *t = NULL;
    if (!kind) {
        t = node_at(s, v.id);
        kind = t->kind;
    }
    switch (kind) {
    case COMP_PRIM_S64: case COMP_PRIM_U64: flat_push(out, n, COMP_I64); return;
    case COMP_PRIM_F32: flat_push(out, n, COMP_F32); return;
    case COMP_PRIM_F64: flat_push(out, n, COMP_F64); return;
    case COMP_PRIM_STRING:
    case COMP_TYPE_LIST:
    case COMP_TYPE_MAP:
        flat_push(out, n, COMP_I32);
        flat_push(out, n, COMP_I32);
        return;
    case COMP_TYPE_FIXED_LIST:
        for (uint32_t i = 0; i < t->length && *n < VAL_MAX_FLAT; i++)
            val_flatten(s, t->a, out, n);
        return;
    case COMP_TYPE_RECORD:
    case COMP_TYPE_TUPLE:
        for (uint32_t i = 0; i < t->count && *n < VAL_MAX_FLAT; i++)
            val_flatten(s, t->fields[i].type, out, n);
        return;
    case COMP_TYPE_VARIANT: {
        /* Cases are few in practice; flatten each payload in turn. */
        comp_valtype joined[VAL_MAX_FLAT];
        uint32_t joined_n = 0;
        for (uint32_t i = 0; i < t->count; i++) {
            if (!t->fields[i].has_type)
                continue;
            comp_valtype one[VAL_MAX_FLAT];
            uint32_t one_n = 0;
            val_flatten(s, t->fields[i].type, one, &one_n);
            for (uint32_t k = 0; k < one_n; k++)
                joined[k] = k < joined_n ? flat_join(joined[k], one[k]) : one[k];
            if (one_n > joined_n)
                joined_n = one_n;
        }
        flat_push(out, n, COMP_I32);
        for (uint32_t k = 0; k < joined_n; k++)
            flat_push(out, n, joined[k]);
        return;
    }
    case COMP_TYPE_OPTION: {
        vval p[2] = {t->a, t->a};
        bool present[2] = {false, true};
        flatten_cases(s, p, present, 2, out, n);
        return;
    }
    case COMP_TYPE_RESULT: {
        vval p[2] = {t->a, t->b};
        bool present[2] = {t->has_a, t->has_b};
        flatten_cases(s, p, present, 2, out, n);
        return;
    }
    default:
        flat_push(out, n, COMP_I32);
        return;
    }
}

/* ---- names for messages ---------------------------------------------------- */

const char *sort_name(uint8_t sort, uint8_t core_sort)
{
    switch (sort) {
    case COMP_SORT_FUNC: return "func";
    case COMP_SORT_VALUE: return "value";
    case COMP_SORT_TYPE: return "type";
    case COMP_SORT_COMPONENT: return "component";
    case COMP_SORT_INSTANCE: return "instance";
    default: break;
    }
    switch (core_sort) {
    case COMP_CORE_SORT_FUNC: return "core func";
    case COMP_CORE_SORT_TABLE: return "core table";
    case COMP_CORE_SORT_MEMORY: return "core memory";
    case COMP_CORE_SORT_GLOBAL: return "core global";
    case COMP_CORE_SORT_TAG: return "core tag";
    case COMP_CORE_SORT_TYPE: return "core type";
    case COMP_CORE_SORT_MODULE: return "module";
    case COMP_CORE_SORT_INSTANCE: return "core instance";
    default: return "unknown sort";
    }
}

const char *val_kind_name(vstate *s, vval v)
{
    uint8_t k = v.prim ? v.prim : node_at(s, v.id)->kind;
    const char *p = comp_primvaltype_name(k);
    if (p)
        return p;
    switch (k) {
    case COMP_TYPE_RECORD: return "record";
    case COMP_TYPE_VARIANT: return "variant";
    case COMP_TYPE_LIST: return "list";
    case COMP_TYPE_FIXED_LIST: return "fixed-length list";
    case COMP_TYPE_TUPLE: return "tuple";
    case COMP_TYPE_FLAGS: return "flags";
    case COMP_TYPE_ENUM: return "enum";
    case COMP_TYPE_OPTION: return "option";
    case COMP_TYPE_RESULT: return "result";
    case COMP_TYPE_OWN: return "own";
    case COMP_TYPE_BORROW: return "borrow";
    case COMP_TYPE_STREAM: return "stream";
    case COMP_TYPE_FUTURE: return "future";
    case COMP_TYPE_MAP: return "map";
    case COMP_TYPE_RESOURCE: return "resource";
    case COMP_TYPE_FUNC: case COMP_TYPE_ASYNC_FUNC: return "func";
    case COMP_TYPE_COMPONENT: return "component";
    case COMP_TYPE_INSTANCE: return "instance";
    default: return "type";
    }
}

/* ---- definitions ---------------------------------------------------------- */

static bool is_defvaltype_kind(uint8_t k)
{
    switch (k) {
    case COMP_TYPE_RESOURCE: case COMP_TYPE_FUNC: case COMP_TYPE_ASYNC_FUNC:
    case COMP_TYPE_COMPONENT: case COMP_TYPE_INSTANCE:
    case VK_CORE_FUNC: case VK_CORE_MODULE: case VK_CORE_INSTANCE:
        return false;
    default:
        return true;
    }
}

bool resolve_valtype(vstate *s, vscope *sc, const comp_cvaltype *t, size_t offset, vval *out)
{
    out->prim = t->prim;
    out->id = VID_NONE;
    if (t->prim)
        return true;
    if (t->index >= sc->types.len)
        return v_fail(s, offset, "unknown type %u: type index out of bounds", t->index);
    vid id = sc->types.v[t->index];
    uint8_t k = node_at(s, id)->kind;
    if (!is_defvaltype_kind(k))
        return v_fail(s, offset, "type index %u is not a defined type", t->index);
    if (comp_is_primvaltype(k))
        out->prim = k; /* a primitive behind an index is the primitive */
    else
        out->id = id;
    return true;
}

vid type_named_copy(vstate *s, vscope *sc, vid id, bool is_import, size_t offset)
{
    uint8_t k = node_at(s, id)->kind;
    if (k == COMP_TYPE_RESOURCE) {
        vid base = resource_base(s, id);
        vid alias = node_new(s, k, offset);
        if (alias == VID_NONE)
            return alias;
        vnode *n = node_at(s, alias);
        *n = *node_at(s, base); /* rep, origin, local, imported: the base's */
        n->named_of = base;
        n->copy_of = id;
        return alias;
    }
    if (k != COMP_TYPE_RECORD && k != COMP_TYPE_VARIANT && k != COMP_TYPE_ENUM &&
        k != COMP_TYPE_FLAGS)
        return id;
    vid copy = node_new(s, k, offset);
    if (copy == VID_NONE)
        return copy;
    vnode *n = node_at(s, copy);
    const vnode *src = node_at(s, id);
    *n = *src; /* contents are immutable: share them */
    n->copy_of = id;
    n->named_of = src->type_import || src->named_of == VID_NONE ? id : src->named_of;
    n->type_import = is_import;
    n->has_type_import = is_import || src->has_type_import || src->type_import;
    n->origin = sc->serial;
    return copy;
}

vid resource_fresh(vstate *s, vscope *sc, bool imported, size_t offset)
{
    vid id = node_new(s, COMP_TYPE_RESOURCE, offset);
    if (id == VID_NONE)
        return id;
    vnode *n = node_at(s, id);
    n->rep = COMP_I32;
    n->imported = imported;
    n->origin = sc->serial;
    note_resource_origins(n, n->origin, n->origin);
    n->depth = n->size = 1;
    n->elem_size = n->align = 4;
    return id;
}

static bool resolve_fields_labeled(vstate *s, vscope *sc, vfield *out, const comp_labelvaltype *in,
                                   uint32_t count, size_t offset)
{
    for (uint32_t i = 0; i < count; i++) {
        out[i].label = in[i].label;
        out[i].has_type = true;
        if (!resolve_valtype(s, sc, &in[i].type, offset, &out[i].type))
            return false;
    }
    return true;
}

static bool resource_index(vstate *s, vscope *sc, uint32_t index, size_t offset, vid *out)
{
    if (index >= sc->types.len)
        return v_fail(s, offset, "unknown type %u: type index out of bounds", index);
    *out = sc->types.v[index];
    if (node_at(s, *out)->kind != COMP_TYPE_RESOURCE)
        return v_fail(s, offset, "type index %u is not a resource type", index);
    return true;
}

static bool is_keytype(vval k)
{
    switch (k.prim) {
    case COMP_PRIM_BOOL: case COMP_PRIM_S8: case COMP_PRIM_U8: case COMP_PRIM_S16:
    case COMP_PRIM_U16: case COMP_PRIM_S32: case COMP_PRIM_U32: case COMP_PRIM_S64:
    case COMP_PRIM_U64: case COMP_PRIM_CHAR: case COMP_PRIM_STRING:
        return true;
    default:
        return false;
    }
}

/* Fills node `id` (already of t->kind) from value type definition `t`. */
static bool fill_defvaltype(vstate *s, vscope *sc, const comp_type *t, vid id)
{
    size_t off = t->offset;
    uint32_t count = 0;
    vfield *fields = NULL;
    vval a = {0, VID_NONE}, b = {0, VID_NONE};
    bool has_a = false, has_b = false;
    vid resource = VID_NONE;
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        count = t->u.record.field_count;
        if (!count)
            return v_fail(s, off, "record type must have at least one field");
        if (!check_labels(s, &t->u.record.fields[0].label, count, sizeof t->u.record.fields[0],
                          "record field name", "field name", off))
            return false;
        if (!(fields = v_array(s, count, sizeof *fields, off)) ||
            !resolve_fields_labeled(s, sc, fields, t->u.record.fields, count, off))
            return false;
        break;
    case COMP_TYPE_VARIANT:
        count = t->u.variant.case_count;
        if (!count)
            return v_fail(s, off, "variant type must have at least one case");
        if (!check_labels(s, &t->u.variant.cases[0].label, count, sizeof t->u.variant.cases[0],
                          "variant case name", "case name", off))
            return false;
        if (!(fields = v_array(s, count, sizeof *fields, off)))
            return false;
        for (uint32_t i = 0; i < count; i++) {
            fields[i].label = t->u.variant.cases[i].label;
            fields[i].has_type = t->u.variant.cases[i].has_type;
            if (fields[i].has_type &&
                !resolve_valtype(s, sc, &t->u.variant.cases[i].type, off, &fields[i].type))
                return false;
        }
        break;
    case COMP_TYPE_TUPLE:
        count = t->u.tuple.type_count;
        if (!count)
            return v_fail(s, off, "tuple type must have at least one type");
        if (!(fields = v_array(s, count, sizeof *fields, off)))
            return false;
        for (uint32_t i = 0; i < count; i++) {
            fields[i].has_type = true;
            if (!resolve_valtype(s, sc, &t->u.tuple.types[i], off, &fields[i].type))
                return false;
        }
        break;
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM: {
        bool flags = t->kind == COMP_TYPE_FLAGS;
        count = t->u.labels.label_count;
        if (!count)
            return v_fail(s, off, flags ? "flags must have at least one entry"
                                        : "enum type must have at least one variant");
        if (flags && count > 32)
            return v_fail(s, off, "cannot have more than 32 flags");
        if (!check_labels(s, t->u.labels.labels, count, sizeof t->u.labels.labels[0],
                          flags ? "flag name" : "enum tag name", flags ? "flag name" : "tag name",
                          off))
            return false;
        if (!(fields = v_array(s, count, sizeof *fields, off)))
            return false;
        for (uint32_t i = 0; i < count; i++)
            fields[i].label = t->u.labels.labels[i];
        break;
    }
    case COMP_TYPE_LIST:
    case COMP_TYPE_FIXED_LIST:
        has_a = true;
        if (!resolve_valtype(s, sc, &t->u.list.elem, off, &a))
            return false;
        if (t->kind == COMP_TYPE_FIXED_LIST && t->u.list.length == 0)
            return v_fail(s, off, "fixed-length list must have a length greater than 0");
        break;
    case COMP_TYPE_OPTION:
        has_a = true;
        if (!resolve_valtype(s, sc, &t->u.option, off, &a))
            return false;
        break;
    case COMP_TYPE_RESULT:
        has_a = t->u.result.has_ok;
        has_b = t->u.result.has_err;
        if ((has_a && !resolve_valtype(s, sc, &t->u.result.ok, off, &a)) ||
            (has_b && !resolve_valtype(s, sc, &t->u.result.err, off, &b)))
            return false;
        break;
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        if (!resource_index(s, sc, t->u.resource, off, &resource))
            return false;
        break;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        has_a = t->u.async.has_payload;
        if (has_a && !resolve_valtype(s, sc, &t->u.async.payload, off, &a))
            return false;
        if (has_a && val_has_borrow(s, a))
            return v_fail(s, off, "%s payload cannot contain a `borrow` type",
                          t->kind == COMP_TYPE_STREAM ? "stream" : "future");
        if (has_a && t->kind == COMP_TYPE_STREAM && a.prim == COMP_PRIM_CHAR)
            return v_fail(s, off, "`stream<char>` is not valid at this time");
        break;
    case COMP_TYPE_MAP:
        has_a = has_b = true;
        if (!resolve_valtype(s, sc, &t->u.map.key, off, &a) ||
            !resolve_valtype(s, sc, &t->u.map.value, off, &b))
            return false;
        if (!is_keytype(a))
            return v_fail(s, off, "map key type must be a primitive integer, bool, char or string, "
                          "found %s", val_kind_name(s, a));
        break;
    default:
        if (!comp_is_primvaltype(t->kind))
            return v_fail(s, off, "invalid leading byte (0x%x) for component defined type", t->kind);
        break;
    }
    vnode *n = node_at(s, id);
    n->count = count;
    n->fields = fields;
    n->a = a;
    n->b = b;
    n->has_a = has_a;
    n->has_b = has_b;
    n->length = t->kind == COMP_TYPE_FIXED_LIST ? t->u.list.length : 0;
    n->resource = resource;
    if (!node_finish(s, id, off))
        return false;
    if (node_at(s, id)->elem_size >= MAX_ELEM_SIZE)
        return v_fail(s, off, "value type exceeds maximum byte size of %u", (unsigned)MAX_ELEM_SIZE);
    return true;
}

static bool fill_functype(vstate *s, vscope *sc, const comp_type *t, vid id)
{
    size_t off = t->offset;
    const comp_cfunctype *f = &t->u.func;
    if (!check_labels(s, f->param_count ? &f->params[0].label : NULL, f->param_count,
                      sizeof f->params[0], "function parameter name", "parameter name", off))
        return false;
    vfield *fields = v_array(s, f->param_count ? f->param_count : 1, sizeof *fields, off);
    if (!fields || !resolve_fields_labeled(s, sc, fields, f->params, f->param_count, off))
        return false;
    vval r = {0, VID_NONE};
    if (f->has_result) {
        if (!resolve_valtype(s, sc, &f->result, off, &r))
            return false;
        if (val_has_borrow(s, r))
            return v_fail(s, off, "function result cannot contain a `borrow` type");
    }
    vnode *n = node_at(s, id);
    n->count = f->param_count;
    n->fields = fields;
    n->has_a = f->has_result;
    n->a = r;
    return node_finish(s, id, off);
}

static bool fill_resource(vstate *s, vscope *sc, const comp_type *t, vid id)
{
    size_t off = t->offset;
    if (sc->kind != SCOPE_COMPONENT)
        return v_fail(s, off, "resources can only be defined within a concrete component");
    if (t->u.rsrc.rep != COMP_I32)
        return v_fail(s, off, "resources can only be represented by `i32`");
    if (t->u.rsrc.has_dtor) {
        uint32_t f = t->u.rsrc.dtor;
        if (f >= sc->core_funcs.len)
            return v_fail(s, off, "unknown core function %u: function index out of bounds", f);
        const comp_functype *ft = &node_at(s, sc->core_funcs.v[f])->core_func;
        if (ft->param_count != 1 || ft->params[0] != COMP_I32 || ft->result_count != 0)
            return v_fail(s, off, "wrong signature for a destructor");
    }
    vnode *n = node_at(s, id);
    n->rep = t->u.rsrc.rep;
    n->local = true;
    n->origin = sc->serial;
    return node_finish(s, id, off);
}

bool define_type(vstate *s, vscope *sc, const comp_type *t)
{
    vid id;
    bool ok;
    if (t->kind == COMP_TYPE_COMPONENT || t->kind == COMP_TYPE_INSTANCE) {
        ok = define_decl_type(s, sc, t, &id);
    } else {
        id = node_new(s, t->kind, t->offset);
        if (id == VID_NONE)
            return false;
        if (t->kind == COMP_TYPE_FUNC || t->kind == COMP_TYPE_ASYNC_FUNC)
            ok = fill_functype(s, sc, t, id);
        else if (t->kind == COMP_TYPE_RESOURCE)
            ok = fill_resource(s, sc, t, id);
        else
            ok = fill_defvaltype(s, sc, t, id);
    }
    return ok && vvec_push(s, &sc->types, id, t->offset);
}
