/* Name sections for the WAT printer: the core `name` section and the
 * component's `component-name` section, decoded leniently (a section that
 * does not decode is simply not used for names). */
#include "text/print.h"

#include <stdlib.h>
#include <string.h>

#include "reader.h"

/* Sorting positions of a map by name finds duplicates in O(n log n). */
typedef struct name_pos {
    const pr_name *entry;
    uint32_t pos;
} name_pos;

static int cmp_name_pos(const void *a, const void *b)
{
    const name_pos *x = a, *y = b;
    uint32_t n = x->entry->name.len < y->entry->name.len ? x->entry->name.len : y->entry->name.len;
    int c = memcmp(x->entry->name.data, y->entry->name.data, n);
    if (c)
        return c;
    if (x->entry->name.len != y->entry->name.len)
        return x->entry->name.len < y->entry->name.len ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_index(const void *a, const void *b)
{
    const pr_name *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_indirect(const void *a, const void *b)
{
    const pr_indirect *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Marks entries that cannot be their own identifier: empty, starting with
 * '#', or equal to an earlier entry's name. */
static bool mark_synthetic(pr *p, pr_namemap *map)
{
    if (map->count == 0)
        return true;
    name_pos *order = comp_arena_array(p->arena, map->count, sizeof *order);
    if (!order)
        return false;
    for (uint32_t i = 0; i < map->count; i++)
        order[i] = (name_pos){&map->items[i], i};
    qsort(order, map->count, sizeof *order, cmp_name_pos);
    for (uint32_t i = 0; i < map->count; i++) {
        pr_name *e = &map->items[order[i].pos];
        bool dup = i > 0 && order[i - 1].entry->name.len == e->name.len &&
                   memcmp(order[i - 1].entry->name.data, e->name.data, e->name.len) == 0;
        e->synthetic = dup || e->name.len == 0 || e->name.data[0] == '#';
    }
    return true;
}

/* namemap ::= vec(idx name), indices strictly increasing. */
static bool read_namemap(pr *p, rd *r, pr_namemap *map)
{
    uint32_t n;
    if (!rd_count(r, &n, 2))
        return false;
    map->items = rd_alloc(r, n, sizeof *map->items);
    if (n && !map->items)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        pr_name *e = &map->items[i];
        if (!rd_u32(r, &e->index) || !rd_name(r, &e->name))
            return false;
    }
    map->count = n;
    /* Toolchains do not always sort by index (lookups need it); the
     * duplicate check runs in map order first, as printers read maps. */
    if (!mark_synthetic(p, map))
        return false;
    qsort(map->items, n, sizeof *map->items, cmp_index);
    return true;
}

static bool read_indirect(pr *p, rd *r, pr_indirectmap *map)
{
    uint32_t n;
    if (!rd_count(r, &n, 2))
        return false;
    map->items = rd_alloc(r, n, sizeof *map->items);
    if (n && !map->items)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        pr_indirect *e = &map->items[i];
        if (!rd_u32(r, &e->index) || !read_namemap(p, r, &e->names))
            return false;
    }
    map->count = n;
    qsort(map->items, n, sizeof *map->items, cmp_indirect);
    return true;
}

/* Only the first custom section called `name` counts: its index, with `r`
 * set to read it (errors into `ignored`), or -1 when there is none. */
static int32_t first_custom(pr *p, const comp_custom *customs, uint32_t count, const char *name,
                            rd *r, comp_error *ignored)
{
    for (uint32_t i = 0; i < count; i++)
        if (comp_str_eq_c(customs[i].name, name)) {
            rd_init(r, customs[i].data, customs[i].len, p->arena, ignored);
            return (int32_t)i;
        }
    return -1;
}

/* The next subsection of a name section: its id and a reader over it. */
static bool next_subsection(rd *r, uint8_t *id, rd *sub)
{
    uint32_t size;
    return rd_byte(r, id) && rd_u32(r, &size) && rd_sub(r, size, sub);
}

/* Each subsection id may appear once, in increasing order. */
static bool read_core_names(pr *p, rd *r, pr_core_names *names)
{
    while (!rd_eof(r)) {
        uint8_t id;
        rd sub;
        if (!next_subsection(r, &id, &sub))
            return false;
        bool ok;
        switch (id) {
        case 0: ok = rd_name(&sub, &names->module_name); names->has_module_name = ok; break;
        case 1: ok = read_namemap(p, &sub, &names->maps[PR_CORE_FUNC]); break;
        case 2: ok = read_indirect(p, &sub, &names->locals); break;
        case 3: ok = read_indirect(p, &sub, &names->labels); break;
        case 4: ok = read_namemap(p, &sub, &names->maps[PR_CORE_TYPE]); break;
        case 5: ok = read_namemap(p, &sub, &names->maps[PR_CORE_TABLE]); break;
        case 6: ok = read_namemap(p, &sub, &names->maps[PR_CORE_MEMORY]); break;
        case 7: ok = read_namemap(p, &sub, &names->maps[PR_CORE_GLOBAL]); break;
        case 8: ok = read_namemap(p, &sub, &names->maps[PR_CORE_ELEM]); break;
        case 9: ok = read_namemap(p, &sub, &names->maps[PR_CORE_DATA]); break;
        case 11: ok = read_namemap(p, &sub, &names->maps[PR_CORE_TAG]); break;
        default: continue; /* names this printer does not use */
        }
        if (!ok || !rd_eof(&sub))
            return false;
    }
    return true;
}

bool pr_core_names_load(pr *p, const comp_module *m, pr_core_names *names)
{
    memset(names, 0, sizeof *names);
    comp_error ignored;
    rd r;
    names->section = first_custom(p, m->customs, m->custom_count, "name", &r, &ignored);
    if (names->section >= 0 && !read_core_names(p, &r, names)) {
        memset(names, 0, sizeof *names); /* a malformed section names nothing */
        names->section = -1;
    }
    return !p->out->oom;
}

/* ---- component names ---------------------------------------------------- */

uint32_t pr_comp_space(comp_sort sort)
{
    switch (sort.sort) {
    case COMP_SORT_CORE:
        switch (sort.core_sort) {
        case COMP_CORE_SORT_FUNC: return PR_C_CORE_FUNC;
        case COMP_CORE_SORT_TABLE: return PR_C_CORE_TABLE;
        case COMP_CORE_SORT_MEMORY: return PR_C_CORE_MEMORY;
        case COMP_CORE_SORT_GLOBAL: return PR_C_CORE_GLOBAL;
        case COMP_CORE_SORT_TAG: return PR_C_CORE_TAG;
        case COMP_CORE_SORT_TYPE: return PR_C_CORE_TYPE;
        case COMP_CORE_SORT_MODULE: return PR_C_CORE_MODULE;
        case COMP_CORE_SORT_INSTANCE: return PR_C_CORE_INSTANCE;
        default: return PR_C_SPACES;
        }
    case COMP_SORT_FUNC: return PR_C_FUNC;
    case COMP_SORT_VALUE: return PR_C_VALUE;
    case COMP_SORT_TYPE: return PR_C_TYPE;
    case COMP_SORT_COMPONENT: return PR_C_COMPONENT;
    case COMP_SORT_INSTANCE: return PR_C_INSTANCE;
    default: return PR_C_SPACES;
    }
}

const char *pr_comp_space_group(uint32_t space)
{
    static const char *const groups[PR_C_SPACES] = {
        "core-func", "core-table", "core-memory", "core-global", "core-tag",
        "core-type", "core-module", "core-instance", "func", "value", "type",
        "component", "instance",
    };
    return space < PR_C_SPACES ? groups[space] : "item";
}

static bool read_comp_names(pr *p, rd *r, pr_comp_names *names)
{
    bool first = true;
    while (!rd_eof(r)) {
        uint8_t id;
        rd sub;
        if (!next_subsection(r, &id, &sub))
            return false;
        if (id == 0 && first) {
            if (!rd_name(&sub, &names->component_name))
                return false;
            names->has_component_name = true;
        } else if (id == 1) {
            comp_sort s = {0, 0};
            if (!rd_byte(&sub, &s.sort))
                return false;
            if (s.sort == COMP_SORT_CORE && !rd_byte(&sub, &s.core_sort))
                return false;
            uint32_t space = pr_comp_space(s);
            if (space == PR_C_SPACES)
                return rd_fail(r, "bad sort in component-name");
            if (!read_namemap(p, &sub, &names->maps[space]))
                return false;
        } else {
            return rd_fail(r, "unknown component-name subsection");
        }
        first = false;
        if (!rd_eof(&sub))
            return false;
    }
    return true;
}

bool pr_comp_names_load(pr *p, const comp_component *c, pr_comp_names *names)
{
    memset(names, 0, sizeof *names);
    comp_error ignored;
    rd r;
    names->section = first_custom(p, c->customs, c->custom_count, "component-name", &r, &ignored);
    if (names->section >= 0 && !read_comp_names(p, &r, names)) {
        memset(names, 0, sizeof *names); /* a malformed section names nothing */
        names->section = -1;
    }
    return !p->out->oom;
}

/* ---- lookups and identifiers ------------------------------------------- */

const pr_name *pr_namemap_find(const pr_namemap *map, uint32_t index)
{
    uint32_t lo = 0, hi = map ? map->count : 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (map->items[mid].index == index)
            return &map->items[mid];
        if (map->items[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const pr_namemap *pr_indirect_find(const pr_indirectmap *map, uint32_t index)
{
    uint32_t lo = 0, hi = map ? map->count : 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (map->items[mid].index == index)
            return &map->items[mid].names;
        if (map->items[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void pr_identifier(pr *p, const pr_name *n, const char *group)
{
    if (n->synthetic) {
        pr_fmt(p, "$\"#%s%u ", group, n->index);
        comp_str rest = n->name;
        /* The quoted form: drop the opening quote pr_name_str writes. */
        size_t at = p->out->len;
        pr_name_str(p, rest);
        if (!p->out->oom) {
            memmove(p->out->data + at, p->out->data + at + 1, p->out->len - at - 1);
            p->out->len--;
        }
        return;
    }
    bool plain = n->name.len > 0;
    for (uint32_t i = 0; i < n->name.len && plain; i++)
        plain = pr_is_idchar((uint8_t)n->name.data[i]);
    pr_str(p, "$");
    if (plain)
        pr_mem(p, n->name.data, n->name.len);
    else
        pr_name_str(p, n->name);
}

void pr_def_name(pr *p, const pr_namemap *map, const char *group, uint32_t index)
{
    const pr_name *n = pr_namemap_find(map, index);
    if (n) {
        pr_str(p, " ");
        pr_identifier(p, n, group);
        if (n->synthetic) {
            pr_str(p, " (@name ");
            pr_name_str(p, n->name);
            pr_str(p, ")");
        }
    }
    pr_index_comment(p, index);
}

void pr_ref(pr *p, const pr_namemap *map, const char *group, uint32_t index)
{
    const pr_name *n = pr_namemap_find(map, index);
    pr_str(p, " ");
    if (n)
        pr_identifier(p, n, group);
    else
        pr_fmt(p, "%u", index);
}
