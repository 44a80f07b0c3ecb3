/* Link-time type checks for imports satisfied by other component instances
 * (Explainer.md "Type Checking"): the providing component's export, or its
 * whole instance, must be a subtype of the import. libcomp's checker
 * compares one component's export with another's import; a whole instance
 * is the providing component's exports bundled as one instance, so it is
 * checked through a view of that component with one more export: an
 * instance made of its exports (also used for single exports, so each
 * providing instance is one type). */
#include "component/cinternal.h"
#include "component/clinker.h"

#include <stdio.h>
#include <string.h>

/* The export name of the bundled instance in the view. */
static const char BUNDLE[] = "rt-linked-instance";

/* Index-space counts, by component-level sort (CORE: core modules). */
typedef struct counts {
    uint32_t n[6];
} counts;

static void count_sort(counts *k, comp_sort s)
{
    if (s.sort == COMP_SORT_CORE) {
        if (s.core_sort == COMP_CORE_SORT_MODULE)
            k->n[COMP_SORT_CORE]++;
    } else if (s.sort < 6) {
        k->n[s.sort]++;
    }
}

/* Walks `c`'s sections in order, recording in `at[j]` the index export j
 * takes in its sort's space (exports add an index), and the final counts. */
static void walk(const comp_component *c, uint32_t *at, counts *k)
{
    for (uint32_t si = 0; si < c->section_count; si++) {
        const comp_component_section *sec = &c->sections[si];
        for (uint32_t j = sec->first; j < sec->first + sec->count; j++) {
            switch (sec->id) {
            case COMP_CSEC_CORE_MODULE: k->n[COMP_SORT_CORE]++; break;
            case COMP_CSEC_COMPONENT: k->n[COMP_SORT_COMPONENT]++; break;
            case COMP_CSEC_INSTANCE: k->n[COMP_SORT_INSTANCE]++; break;
            case COMP_CSEC_TYPE: k->n[COMP_SORT_TYPE]++; break;
            case COMP_CSEC_VALUE: k->n[COMP_SORT_VALUE]++; break;
            case COMP_CSEC_ALIAS: count_sort(k, c->aliases[j].sort); break;
            case COMP_CSEC_CANON:
                if (c->canons[j].op == COMP_CANON_LIFT)
                    k->n[COMP_SORT_FUNC]++;
                break;
            case COMP_CSEC_START: k->n[COMP_SORT_VALUE] += c->starts[j].result_count; break;
            case COMP_CSEC_IMPORT: {
                uint8_t s = c->imports[j].type.kind;
                if (s < 6)
                    k->n[s]++;
                break;
            }
            case COMP_CSEC_EXPORT: {
                comp_sort s = c->exports[j].item.sort;
                uint8_t slot = s.sort == COMP_SORT_CORE ? COMP_SORT_CORE : s.sort;
                at[j] = slot < 6 ? k->n[slot] : 0;
                count_sort(k, s);
                break;
            }
            default: break;
            }
        }
    }
}

/* A shallow copy of `c` with an instance of all its exports appended and
 * exported as BUNDLE. Arrays come from `arena`. */
static const comp_component *bundle_view(const comp_component *c, comp_arena *arena)
{
    comp_component *v = comp_arena_alloc(arena, sizeof *v);
    uint32_t *at = comp_arena_array(arena, c->export_count ? c->export_count : 1, sizeof *at);
    comp_inline_export *items =
        comp_arena_array(arena, c->export_count ? c->export_count : 1, sizeof *items);
    comp_component_section *secs = comp_arena_array(arena, c->section_count + 2, sizeof *secs);
    comp_instance *insts = comp_arena_array(arena, c->instance_count + 1, sizeof *insts);
    comp_cexport *exps = comp_arena_array(arena, c->export_count + 1, sizeof *exps);
    if (!v || !at || !items || !secs || !insts || !exps)
        return NULL;
    counts k = {{0}};
    walk(c, at, &k);
    for (uint32_t j = 0; j < c->export_count; j++) {
        items[j].name = c->exports[j].name;
        items[j].item = (comp_sortidx){.sort = c->exports[j].item.sort, .index = at[j]};
    }
    *v = *c;
    if (c->section_count)
        memcpy(secs, c->sections, c->section_count * sizeof *secs);
    if (c->instance_count)
        memcpy(insts, c->instances, c->instance_count * sizeof *insts);
    if (c->export_count)
        memcpy(exps, c->exports, c->export_count * sizeof *exps);
    insts[c->instance_count] = (comp_instance){.kind = COMP_INSTANCE_EXPORTS,
                                               .export_count = c->export_count, .exports = items};
    exps[c->export_count] = (comp_cexport){
        .name = {.name = {BUNDLE, sizeof BUNDLE - 1}},
        .item = {.sort = {.sort = COMP_SORT_INSTANCE}, .index = k.n[COMP_SORT_INSTANCE]}};
    secs[c->section_count] = (comp_component_section){.id = COMP_CSEC_INSTANCE,
                                                      .first = c->instance_count, .count = 1};
    secs[c->section_count + 1] = (comp_component_section){.id = COMP_CSEC_EXPORT,
                                                          .first = c->export_count, .count = 1};
    v->sections = secs, v->section_count = c->section_count + 2;
    v->instances = insts, v->instance_count = c->instance_count + 1;
    v->exports = exps, v->export_count = c->export_count + 1;
    return v;
}

static bool link_error(rt_trap *trap, comp_str name, const char *why)
{
    ctrap(trap, "incompatible import type for `%.*s`: %s", (int)name.len, name.data, why);
    trap->kind = RT_TRAP_LINK;
    return false;
}

/* Providers already added to the checker: one type per instance, so the
 * resources it defines keep one identity across imports it satisfies. */
typedef struct providers {
    const rt_cinstance **inst;
    uint32_t *id;
    uint32_t count;
} providers;

/* Checks import `imp` of the component `self` names in `tc` against `d`. */
static bool check_one(comp_typecheck *tc, uint32_t self, const comp_cimport *imp, const cldef *d,
                      providers *p, comp_arena *arena, rt_trap *trap)
{
    comp_error err = {0};
    uint32_t id = UINT32_MAX;
    for (uint32_t i = 0; i < p->count; i++)
        if (p->inst[i] == d->inst)
            id = p->id[i];
    if (id == UINT32_MAX) {
        const comp_component *view = bundle_view(d->inst->source->c, arena);
        if (!view)
            return ctrap(trap, "out of memory");
        if (!comp_typecheck_add(tc, view, &id, &err))
            return link_error(trap, imp->name.name, err.message);
        p->inst[p->count] = d->inst, p->id[p->count++] = id;
    }
    comp_str name = d->export_name.data ? d->export_name : (comp_str){BUNDLE, sizeof BUNDLE - 1};
    if (!comp_check_extern_subtype(tc, id, false, name, self, imp->name.name, &err))
        return link_error(trap, imp->name.name, err.message);
    return true;
}

bool clink_typecheck(const rt_clinker *linker, const rt_component *c, rt_trap *trap)
{
    comp_str root = {NULL, 0};
    comp_typecheck *tc = NULL;
    comp_arena arena;
    comp_arena_init(&arena);
    uint32_t self = 0, n = c->c->import_count ? c->c->import_count : 1;
    providers p = {comp_arena_array(&arena, n, sizeof *p.inst), comp_arena_array(&arena, n, sizeof *p.id), 0};
    bool ok = p.inst && p.id ? true : ctrap(trap, "out of memory");
    /* Import order: resources bound by earlier imports stay bound. */
    for (uint32_t i = 0; ok && i < c->c->import_count; i++) {
        const comp_cimport *imp = &c->c->imports[i];
        const cldef *d = clinker_find(linker, root, imp->name.name, CLDEF_INSTANCE);
        if (!d || !d->inst->source)
            continue; /* host definitions, instances made inside a component */
        if (!tc) {
            comp_error err = {0};
            tc = comp_typecheck_new(c->features);
            if (!tc) {
                ok = ctrap(trap, "out of memory");
                break;
            }
            if (!comp_typecheck_add(tc, c->c, &self, &err)) {
                ok = ctrap(trap, "component type: %s", err.message);
                break;
            }
        }
        ok = check_one(tc, self, imp, d, &p, &arena, trap);
    }
    comp_typecheck_free(tc);
    comp_arena_free(&arena);
    return ok;
}
