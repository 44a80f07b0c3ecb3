/* `wac plug`: the socket's imports filled with the plugs' exports. */
#include "compose/compose_int.h"

#include <stdlib.h>
#include <string.h>

bool comp_compose_plug(comp_compose *g, uint32_t socket, const uint32_t *plugs,
                       uint32_t plug_count, comp_error *err)
{
    if (socket >= g->component_count)
        return comp_error_set(err, 0, "no component %u", socket);
    for (uint32_t p = 0; p < plug_count; p++)
        if (plugs[p] >= g->component_count)
            return comp_error_set(err, 0, "no component %u", plugs[p]);
    const comp_component *sc = g->components[socket].c;
    uint32_t n = sc->import_count;
    /* Per socket import: the plug (position in `plugs`) and its export. */
    uint32_t *by = malloc((size_t)(n ? n : 1) * sizeof *by);
    uint32_t *what = malloc((size_t)(n ? n : 1) * sizeof *what);
    uint32_t *inst = malloc((size_t)(plug_count ? plug_count : 1) * sizeof *inst);
    bool ok = by && what && inst;
    if (!ok)
        comp_error_set(err, 0, "out of memory");
    bool any = false;
    for (uint32_t j = 0; ok && j < n; j++) {
        comp_str name = sc->imports[j].name.name;
        by[j] = CG_NONE;
        for (uint32_t p = 0; ok && p < plug_count; p++) {
            const comp_component *pc = g->components[plugs[p]].c;
            uint32_t x = cg_matching_export(pc, name);
            if (x == CG_NONE)
                continue;
            if (by[j] != CG_NONE) {
                comp_str other = g->components[plugs[by[j]]].c->exports[what[j]].name.name;
                ok = comp_error_set(err, 0, "import `%.*s` of %s is ambiguous: %s exports "
                                    "`%.*s` and %s exports `%.*s`",
                                    (int)name.len, name.data, g->components[socket].label,
                                    g->components[plugs[by[j]]].label, (int)other.len,
                                    other.data, g->components[plugs[p]].label,
                                    (int)pc->exports[x].name.name.len,
                                    pc->exports[x].name.name.data);
                break;
            }
            by[j] = p;
            what[j] = x;
            any = true;
        }
    }
    if (ok && !any)
        ok = comp_error_set(err, 0, "plug %s satisfies no import of the socket %s",
                            plug_count ? g->components[plugs[0]].label : "(none)",
                            g->components[socket].label);
    /* Plugs that satisfy nothing are left out of the result. */
    for (uint32_t p = 0; ok && p < plug_count; p++) {
        inst[p] = CG_NONE;
        bool used = false;
        for (uint32_t j = 0; j < n; j++)
            used = used || by[j] == p;
        if (used)
            ok = comp_compose_instantiate(g, plugs[p], &inst[p], err);
    }
    uint32_t s;
    ok = ok && comp_compose_instantiate(g, socket, &s, err);
    for (uint32_t j = 0; ok && j < n; j++) {
        if (by[j] == CG_NONE)
            continue;
        cg_instance *in = &g->instances[s];
        in->from[j] = inst[by[j]];
        in->export_name[j] = g->components[plugs[by[j]]].c->exports[what[j]].name.name;
    }
    for (uint32_t k = 0; ok && k < sc->export_count; k++) {
        if (!cg_grow((void **)&g->exports, &g->export_cap, g->export_count, sizeof *g->exports,
                     err)) {
            ok = false;
            break;
        }
        cg_export *x = &g->exports[g->export_count++];
        x->instance = s;
        x->export_name = x->as_name = sc->exports[k].name.name;
    }
    free(by);
    free(what);
    free(inst);
    return ok;
}
