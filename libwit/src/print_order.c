/* The order wit-parser gives the interfaces of a package and the types of
 * an interface or world. It sorts by dependency and, among the items whose
 * dependencies are all placed, takes the one written first (a min-heap on
 * the source index); the printer has to list items the same way. */
#include "print_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct edge {
    uint32_t from, to;      /* `from` depends on `to` (node indices) */
} edge;

typedef struct edges {
    edge *data;
    size_t count;
    uint32_t cap;
    bool oom;
} edges;

static void edge_add(edges *e, uint32_t from, uint32_t to)
{
    if (e->oom)
        return;
    edge *d = comp_heap_reserve(e->data, &e->cap, e->count + 1, sizeof *d);
    if (!d) {
        e->oom = true;
        return;
    }
    e->data = d;
    e->data[e->count++] = (edge){from, to};
}

/* ---- a min-heap of node indices ---------------------------------------- */

static void heap_push(uint32_t *h, uint32_t *n, uint32_t v)
{
    uint32_t i = (*n)++;
    h[i] = v;
    while (i && h[(i - 1) / 2] > h[i]) {
        uint32_t up = (i - 1) / 2, t = h[up];
        h[up] = h[i];
        h[i] = t;
        i = up;
    }
}

static uint32_t heap_pop(uint32_t *h, uint32_t *n)
{
    uint32_t top = h[0];
    h[0] = h[--(*n)];
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && h[l] < h[m])
            m = l;
        if (r < *n && h[r] < h[m])
            m = r;
        if (m == i)
            break;
        uint32_t t = h[m];
        h[m] = h[i];
        h[i] = t;
        i = m;
    }
    return top;
}

/* Writes node indices 0..n-1 to `order` in dependency order. Nodes left
 * in a cycle (the resolver rejects those) are appended in index order. */
static bool toposort(uint32_t n, const edges *e, uint32_t *order)
{
    uint32_t *remaining = calloc(n ? n : 1, sizeof *remaining);
    uint32_t *first = calloc((size_t)n + 1, sizeof *first);
    uint32_t *rev = malloc((e->count ? e->count : 1) * sizeof *rev);
    uint32_t *heap = malloc((n ? n : 1) * sizeof *heap);
    bool *placed = calloc(n ? n : 1, sizeof *placed);
    bool ok = remaining && first && rev && heap && placed;
    if (ok) {
        /* Reverse edges grouped by target (counting sort). */
        for (size_t i = 0; i < e->count; i++) {
            remaining[e->data[i].from]++;
            first[e->data[i].to + 1]++;
        }
        for (uint32_t i = 0; i < n; i++)
            first[i + 1] += first[i];
        uint32_t *fill = heap; /* borrowed as a cursor per node */
        for (uint32_t i = 0; i < n; i++)
            fill[i] = first[i];
        for (size_t i = 0; i < e->count; i++)
            rev[fill[e->data[i].to]++] = e->data[i].from;
        uint32_t hn = 0, out = 0;
        for (uint32_t i = 0; i < n; i++)
            if (!remaining[i])
                heap_push(heap, &hn, i);
        while (hn) {
            uint32_t node = heap_pop(heap, &hn);
            order[out++] = node;
            placed[node] = true;
            for (uint32_t k = first[node]; k < first[node + 1]; k++)
                if (--remaining[rev[k]] == 0)
                    heap_push(heap, &hn, rev[k]);
        }
        for (uint32_t i = 0; i < n; i++)
            if (!placed[i])
                order[out++] = i;
    }
    free(remaining);
    free(first);
    free(rev);
    free(heap);
    free(placed);
    return ok;
}

/* ---- id -> node index -------------------------------------------------- */

typedef struct slot {
    uint32_t id, index;
} slot;

static int slot_cmp(const void *a, const void *b)
{
    uint32_t x = ((const slot *)a)->id, y = ((const slot *)b)->id;
    return x < y ? -1 : x > y;
}

static slot *slots_make(const uint32_t *ids, uint32_t n)
{
    slot *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return NULL;
    for (uint32_t i = 0; i < n; i++)
        s[i] = (slot){ids[i], i};
    qsort(s, n, sizeof *s, slot_cmp);
    return s;
}

static uint32_t slots_find(const slot *s, uint32_t n, uint32_t id)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s[mid].id == id)
            return s[mid].index;
        if (s[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return WIT_NO_ID;
}

/* ---- types ------------------------------------------------------------- */

enum { MAX_TYPE_DEPTH = 256 };

typedef struct type_walk {
    const wit_resolve *r;
    wit_owner_kind owner_kind;
    uint32_t owner;
    const slot *slots;
    uint32_t n;
    uint32_t from;
    edges *e;
} type_walk;

static void walk_def(type_walk *w, const wit_rtype *t, unsigned depth);

/* A use of a type inside a definition: a named type of the same owner is
 * a dependency; anonymous types are looked into. */
static void walk_ref(type_walk *w, wit_tref ref, unsigned depth)
{
    if (ref.kind != WIT_TREF_ID || ref.id >= w->r->type_count || depth > MAX_TYPE_DEPTH)
        return;
    const wit_rtype *t = &w->r->types[ref.id];
    if (t->name.data) {
        if (t->owner_kind == w->owner_kind && t->owner == w->owner) {
            uint32_t to = slots_find(w->slots, w->n, ref.id);
            if (to != WIT_NO_ID)
                edge_add(w->e, w->from, to);
        }
        return;
    }
    walk_def(w, t, depth + 1);
}

static void walk_def(type_walk *w, const wit_rtype *t, unsigned depth)
{
    switch (t->kind) {
    case WIT_DEF_KIND_RECORD:
    case WIT_DEF_KIND_VARIANT:
    case WIT_DEF_KIND_TUPLE:
        for (uint32_t i = 0; i < t->field_count; i++)
            walk_ref(w, t->fields[i].type, depth);
        break;
    case WIT_DEF_KIND_ENUM:
    case WIT_DEF_KIND_FLAGS:
    case WIT_DEF_KIND_RESOURCE:
        break;
    default:
        walk_ref(w, t->a, depth);
        walk_ref(w, t->b, depth);
        break;
    }
}

bool wp_type_is_import(const wit_resolve *r, uint32_t id)
{
    const wit_rtype *t = &r->types[id];
    if (t->kind != WIT_DEF_KIND_ALIAS || t->a.kind != WIT_TREF_ID || t->a.id >= r->type_count)
        return false;
    const wit_rtype *o = &r->types[t->a.id];
    return o->owner_kind != WIT_OWNER_NONE &&
           (o->owner_kind != t->owner_kind || o->owner != t->owner);
}

bool wp_order_types(const wit_resolve *r, const uint32_t *types, uint32_t n,
                 wit_owner_kind owner_kind, uint32_t owner, uint32_t *order)
{
    slot *slots = slots_make(types, n);
    uint32_t *topo = malloc((n ? n : 1) * sizeof *topo);
    edges e = {0};
    bool ok = slots && topo;
    if (ok) {
        type_walk w = {r, owner_kind, owner, slots, n, 0, &e};
        for (uint32_t i = 0; i < n; i++) {
            if (types[i] >= r->type_count || wp_type_is_import(r, types[i]))
                continue;
            w.from = i;
            walk_def(&w, &r->types[types[i]], 0);
        }
        ok = !e.oom && toposort(n, &e, topo);
    }
    if (ok) {
        /* `use`s first in the order written, then the definitions. */
        uint32_t out = 0;
        for (uint32_t i = 0; i < n; i++)
            if (types[i] < r->type_count && wp_type_is_import(r, types[i]))
                order[out++] = types[i];
        for (uint32_t i = 0; i < n; i++)
            if (types[topo[i]] >= r->type_count || !wp_type_is_import(r, types[topo[i]]))
                order[out++] = types[topo[i]];
    }
    free(slots);
    free(topo);
    free(e.data);
    return ok;
}

bool wp_order_interfaces(const wit_resolve *r, uint32_t pkg, uint32_t *order)
{
    const wit_rpackage *p = &r->packages[pkg];
    uint32_t n = p->interface_count;
    slot *slots = slots_make(p->interfaces, n);
    uint32_t *topo = malloc((n ? n : 1) * sizeof *topo);
    edges e = {0};
    bool ok = slots && topo;
    if (ok) {
        for (uint32_t i = 0; i < n; i++) {
            const wit_rinterface *f = &r->interfaces[p->interfaces[i]];
            for (uint32_t k = 0; k < f->dep_count; k++) {
                uint32_t to = slots_find(slots, n, f->deps[k]);
                if (to != WIT_NO_ID && to != i)
                    edge_add(&e, i, to);
            }
        }
        ok = !e.oom && toposort(n, &e, topo);
    }
    if (ok)
        for (uint32_t i = 0; i < n; i++)
            order[i] = p->interfaces[topo[i]];
    free(slots);
    free(topo);
    free(e.data);
    return ok;
}

/* ---- packages ---------------------------------------------------------- */

static int cmp_u64(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

/* Package names compare as wit-parser's PackageName: namespace, name, then
 * version (none first; a pre-release before its release). */
static int cmp_package(const wit_resolve *r, uint32_t x, uint32_t y)
{
    const wit_package_name *a = &r->packages[x].name, *b = &r->packages[y].name;
    for (uint32_t i = 0; i < a->namespace_count && i < b->namespace_count; i++) {
        int c = comp_str_cmp(a->namespaces[i].name, b->namespaces[i].name);
        if (c)
            return c;
    }
    int c = cmp_u64(a->namespace_count, b->namespace_count);
    if (!c)
        c = comp_str_cmp(a->name.name, b->name.name);
    if (!c)
        c = cmp_u64(a->version.present, b->version.present);
    if (c || !a->version.present)
        return c;
    if (!c)
        c = cmp_u64(a->version.major, b->version.major);
    if (!c)
        c = cmp_u64(a->version.minor, b->version.minor);
    if (!c)
        c = cmp_u64(a->version.patch, b->version.patch);
    if (!c && (a->version.pre.len == 0) != (b->version.pre.len == 0))
        c = a->version.pre.len == 0 ? 1 : -1;
    if (!c)
        c = comp_str_cmp(a->version.pre, b->version.pre);
    return c ? c : x < y ? -1 : x > y;
}

static void package_edge(const wit_resolve *r, edges *e, uint32_t from, uint32_t iface)
{
    if (iface < r->interface_count && r->interfaces[iface].package != from)
        edge_add(e, from, r->interfaces[iface].package);
}

/* Sorting package ids by name with qsort needs the model: sort indices by
 * insertion into a small merge sort instead of a global comparator. */
static void sort_packages(const wit_resolve *r, uint32_t *ids, uint32_t *tmp, uint32_t n)
{
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp_package(r, ids[i], ids[j]) <= 0 ? ids[i++] : ids[j++];
            while (i < mid)
                tmp[k++] = ids[i++];
            while (j < hi)
                tmp[k++] = ids[j++];
        }
        memcpy(ids, tmp, (size_t)n * sizeof *ids);
    }
}

bool wp_order_packages(const wit_resolve *r, uint32_t *order)
{
    uint32_t n = r->package_count;
    edges e = {0};
    /* Dependencies of each package in the order they are first written:
     * `use`s of interfaces, then what worlds import, export and include. */
    for (uint32_t i = 0; i < r->interface_count; i++)
        for (uint32_t k = 0; k < r->interfaces[i].dep_count; k++)
            package_edge(r, &e, r->interfaces[i].package, r->interfaces[i].deps[k]);
    for (uint32_t i = 0; i < r->world_count; i++) {
        const wit_rworld *w = &r->worlds[i];
        for (uint32_t k = 0; k < w->import_count + w->export_count; k++) {
            const wit_rworld_item *it = k < w->import_count ? &w->imports[k]
                                                            : &w->exports[k - w->import_count];
            if (it->kind == WIT_ITEM_INTERFACE && !it->implicit)
                package_edge(r, &e, w->package, it->id);
        }
        for (uint32_t k = 0; k < w->include_count; k++)
            if (w->includes[k].world < r->world_count &&
                r->worlds[w->includes[k].world].package != w->package)
                edge_add(&e, w->package, r->worlds[w->includes[k].world].package);
    }
    uint32_t *first = calloc((size_t)n + 1, sizeof *first);
    uint32_t *to = malloc((e.count ? e.count : 1) * sizeof *to);
    uint32_t *cursor = malloc((n ? n : 1) * sizeof *cursor);
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    uint32_t *stack = malloc((n ? n : 1) * sizeof *stack);
    unsigned char *state = calloc(n ? n : 1, 1); /* 0 new, 1 on stack, 2 done */
    bool ok = !e.oom && first && to && cursor && ids && stack && state;
    if (ok) {
        /* Edges grouped by package, in the order found (stable). */
        for (size_t i = 0; i < e.count; i++)
            first[e.data[i].from + 1]++;
        for (uint32_t i = 0; i < n; i++)
            first[i + 1] += first[i];
        for (uint32_t i = 0; i < n; i++)
            cursor[i] = first[i];
        for (size_t i = 0; i < e.count; i++)
            to[cursor[e.data[i].from]++] = e.data[i].to;
        for (uint32_t i = 0; i < n; i++) {
            ids[i] = i;
            cursor[i] = first[i];
        }
        sort_packages(r, ids, stack, n);
        /* Depth-first, dependencies before dependents. */
        uint32_t out = 0;
        for (uint32_t s = 0; s < n; s++) {
            if (state[ids[s]])
                continue;
            uint32_t sp = 0;
            stack[sp++] = ids[s];
            state[ids[s]] = 1;
            while (sp) {
                uint32_t top = stack[sp - 1];
                if (cursor[top] < first[top + 1]) {
                    uint32_t next = to[cursor[top]++];
                    if (!state[next]) {
                        state[next] = 1;
                        stack[sp++] = next;
                    }
                } else {
                    state[top] = 2;
                    order[out++] = top;
                    sp--;
                }
            }
        }
    }
    free(e.data);
    free(first);
    free(to);
    free(cursor);
    free(ids);
    free(stack);
    free(state);
    return ok;
}
