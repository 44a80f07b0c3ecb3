/* Entry points of the resolver: load the sources, resolve every package,
 * and hand out the finished model. */
#include "resolve_internal.h"

#include <stdio.h>
#include <string.h>

static bool finish(ctx *c, wit_resolve **out)
{
    if (!resolve_units(c))
        return false;
    wit_resolve *r = comp_arena_alloc(c->arena, sizeof *r);
    if (!r)
        return resolve_oom(c);
    r->packages = rvec_finish(c, &c->packages, sizeof(wit_rpackage));
    r->package_count = c->packages.count;
    r->interfaces = rvec_finish(c, &c->interfaces, sizeof(wit_rinterface));
    r->interface_count = c->interfaces.count;
    r->interface_order = rvec_finish(c, &c->interface_order, sizeof(uint32_t));
    r->worlds = rvec_finish(c, &c->worlds, sizeof(wit_rworld));
    r->world_count = c->worlds.count;
    r->types = rvec_finish(c, &c->types, sizeof(wit_rtype));
    r->type_count = c->types.count;
    r->files = rvec_finish(c, &c->files, sizeof(wit_rfile));
    r->file_count = c->files.count;
    if ((c->packages.count && !r->packages) || (c->interfaces.count && !r->interfaces) ||
        (c->worlds.count && !r->worlds) || (c->types.count && !r->types) ||
        (c->files.count && !r->files) || (c->interface_order.count && !r->interface_order))
        return false;
    r->main_package = c->main_unit == WIT_NO_ID ? WIT_NO_ID : UNITS(c)[c->main_unit].package;
    *out = r;
    return true;
}

static void init(ctx *c, const wit_resolve_options *opts, comp_arena *arena, wit_diag *err)
{
    memset(c, 0, sizeof *c);
    c->arena = arena;
    c->err = err;
    c->opts = opts;
    c->main_unit = WIT_NO_ID;
    if (err)
        memset(err, 0, sizeof *err);
}

bool wit_resolve_path(const char *path, const wit_resolve_options *opts,
                      comp_arena *arena, wit_resolve **out, wit_diag *err)
{
    ctx c;
    init(&c, opts, arena, err);
    if (!load_path(&c, path))
        return false;
    bool any_root = false;
    for (uint32_t i = 0; i < c.files.count; i++)
        any_root |= ((src_file *)c.file_groups.data)[i].group == 0;
    if (!any_root) {
        if (err) {
            err->path = comp_arena_strndup(arena, path, strlen(path));
            err->line = err->col = 1;
            snprintf(err->message, sizeof err->message, "no .wit files found");
        }
        return false;
    }
    return finish(&c, out);
}

bool wit_resolve_sources(const wit_source *sources, size_t count,
                         const wit_resolve_options *opts, comp_arena *arena,
                         wit_resolve **out, wit_diag *err)
{
    ctx c;
    init(&c, opts, arena, err);
    c.group_count = 1;
    for (size_t i = 0; i < count; i++) {
        if (sources[i].group >= WIT_RESOLVE_MAX_FILES)
            return fail(&c, WIT_NO_ID, (wit_span){0, 0}, "source group %u is too large",
                        (unsigned)sources[i].group);
        if (!load_source(&c, sources[i].path, sources[i].src, sources[i].len, sources[i].group))
            return false;
        if (sources[i].group + 1 > c.group_count)
            c.group_count = sources[i].group + 1;
    }
    if (!count)
        return fail(&c, WIT_NO_ID, (wit_span){0, 0}, "no WIT sources given");
    return finish(&c, out);
}
