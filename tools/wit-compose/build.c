/* `wit-compose build`: a composition file (spec.h) turned into calls of
 * the composition library, then the result written or the graph printed.
 * Errors about the file point at its line and column. */
#include "build.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/compose.h"
#include "comptype.h"
#include "io.h"
#include "plug.h"
#include "spec.h"

/* A name of the file's lists, sorted for lookups (the lists may be long:
 * the benchmark composes hundreds of instances). */
typedef struct name_ref {
    const char *name;
    uint32_t index;
} name_ref;

typedef struct ctx {
    const build_args *a;
    spec s;
    comp_compose *g;
    comp_arena arena; /* component types of imported components */
    uint8_t **inputs;
    uint32_t *component_ids, *instance_ids;
    name_ref *components, *instances;
} ctx;

static void report(const ctx *c, spec_mark at, const char *fmt, ...)
{
    fprintf(stderr, "wit-compose: %s:%u:%u: error: ", c->a->composition, at.line, at.col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int name_cmp(const void *pa, const void *pb)
{
    return strcmp(((const name_ref *)pa)->name, ((const name_ref *)pb)->name);
}

static name_ref *sorted_names(uint32_t count, const char *(*name_at)(const spec *, uint32_t),
                              const spec *s)
{
    name_ref *r = malloc((size_t)(count ? count : 1) * sizeof *r);
    if (!r)
        return NULL;
    for (uint32_t i = 0; i < count; i++) {
        r[i].name = name_at(s, i);
        r[i].index = i;
    }
    qsort(r, count, sizeof *r, name_cmp);
    return r;
}

static uint32_t lookup(const name_ref *r, uint32_t count, const char *name)
{
    name_ref key = {name, 0};
    const name_ref *hit = bsearch(&key, r, count, sizeof *r, name_cmp);
    return hit ? hit->index : UINT32_MAX;
}

static const char *component_name(const spec *s, uint32_t i) { return s->components[i].name; }
static const char *instance_name(const spec *s, uint32_t i) { return s->instances[i].name; }

/* The second of two equal names in sorted `r`, or UINT32_MAX. */
static uint32_t duplicate(const name_ref *r, uint32_t count)
{
    for (uint32_t i = 1; i < count; i++)
        if (!strcmp(r[i - 1].name, r[i].name))
            return r[i - 1].index > r[i].index ? r[i - 1].index : r[i].index;
    return UINT32_MAX;
}

/* `path` relative to the composition file's directory. */
static char *resolve_path(const char *composition, const char *path)
{
    const char *slash = strrchr(composition, '/');
    size_t dir = path[0] == '/' || !slash ? 0 : (size_t)(slash - composition) + 1;
    size_t n = strlen(path);
    char *full = malloc(dir + n + 1);
    if (full) {
        memcpy(full, composition, dir);
        memcpy(full + dir, path, n + 1);
    }
    return full;
}

static int add_components(ctx *c)
{
    for (uint32_t i = 0; i < c->s.component_count; i++) {
        const spec_component *sc = &c->s.components[i];
        char *path = resolve_path(c->a->composition, sc->path);
        if (!path) {
            fprintf(stderr, "wit-compose: out of memory\n");
            return EXIT_USAGE;
        }
        size_t len;
        bool invalid;
        comp_error err = {0};
        int status = EXIT_OK;
        if (!io_read_component(path, &c->inputs[i], &len, &invalid)) {
            report(c, sc->at, "cannot read component `%s`", sc->name);
            status = invalid ? EXIT_INVALID : EXIT_USAGE;
        } else if (!comp_compose_add_component(c->g, sc->name, c->inputs[i], len,
                                               &c->component_ids[i], &err)) {
            fprintf(stderr, "wit-compose: %s:0x%zx: error: %s\n", path, err.offset, err.message);
            report(c, sc->at, "in component `%s`", sc->name);
            status = EXIT_INVALID;
        }
        free(path);
        if (status != EXIT_OK)
            return status;
        if (!sc->import_name)
            continue;
        comp_component *model;
        const comp_type *type;
        bool ok = comp_component_decode(c->inputs[i], len, &c->arena, &model, &err) &&
                  comptype_of_component(model, &c->arena, &type, &err) &&
                  comp_compose_import_component(c->g, c->component_ids[i], sc->import_name,
                                                type, &err);
        if (!ok) {
            report(c, sc->at, "importing component `%s` by type: %s", sc->name, err.message);
            return EXIT_INVALID;
        }
    }
    return EXIT_OK;
}

static int fail_at(const ctx *c, spec_mark at, const comp_error *err)
{
    report(c, at, "%s", err->message);
    return EXIT_INVALID;
}

static int add_instances(ctx *c)
{
    comp_error err = {0};
    for (uint32_t i = 0; i < c->s.instance_count; i++) {
        const spec_instance *in = &c->s.instances[i];
        uint32_t k = lookup(c->components, c->s.component_count, in->component);
        if (k == UINT32_MAX) {
            report(c, in->at, "no component named `%s` in components:", in->component);
            return EXIT_INVALID;
        }
        if (!comp_compose_instantiate(c->g, c->component_ids[k], &c->instance_ids[i], &err) ||
            !comp_compose_name_instance(c->g, c->instance_ids[i], in->name, &err))
            return fail_at(c, in->at, &err);
    }
    return EXIT_OK;
}

static uint32_t instance_named(const ctx *c, const spec_ref *r)
{
    uint32_t i = lookup(c->instances, c->s.instance_count, r->instance);
    if (i == UINT32_MAX)
        report(c, r->at, "no instance named `%s` in instances:", r->instance);
    return i == UINT32_MAX ? UINT32_MAX : c->instance_ids[i];
}

static int wire(ctx *c)
{
    comp_error err = {0};
    for (uint32_t i = 0; i < c->s.instance_count; i++) {
        const spec_instance *in = &c->s.instances[i];
        for (uint32_t j = 0; j < in->arg_count; j++) {
            const spec_arg *arg = &in->args[j];
            uint32_t from = instance_named(c, &arg->from);
            if (from == UINT32_MAX)
                return EXIT_INVALID;
            if (!comp_compose_connect(c->g, from, arg->from.export, c->instance_ids[i],
                                      arg->import, &err))
                return fail_at(c, arg->from.at, &err);
        }
    }
    if (!c->s.auto_wire)
        return EXIT_OK;
    comp_compose_provider *p =
        calloc(c->s.provider_count ? c->s.provider_count : 1, sizeof *p);
    if (!p) {
        fprintf(stderr, "wit-compose: out of memory\n");
        return EXIT_USAGE;
    }
    int status = EXIT_OK;
    for (uint32_t k = 0; status == EXIT_OK && k < c->s.provider_count; k++) {
        spec_ref r = {c->s.providers[k].instance, NULL, c->s.providers[k].at};
        p[k].name = c->s.providers[k].name;
        p[k].instance = instance_named(c, &r);
        if (p[k].instance == UINT32_MAX)
            status = EXIT_INVALID;
    }
    for (uint32_t i = 0; status == EXIT_OK && i < c->s.instance_count; i++)
        if (!comp_compose_autowire(c->g, c->instance_ids[i], p, c->s.provider_count, &err))
            status = fail_at(c, c->s.instances[i].at, &err);
    free(p);
    return status;
}

static int add_exports(ctx *c)
{
    comp_error err = {0};
    for (uint32_t i = 0; i < c->s.export_count; i++) {
        const spec_export *x = &c->s.exports[i];
        uint32_t from = instance_named(c, &x->from);
        if (from == UINT32_MAX)
            return EXIT_INVALID;
        if (!comp_compose_export(c->g, from, x->from.export, x->as, &err))
            return fail_at(c, x->from.at, &err);
    }
    return EXIT_OK;
}

/* Sorted name lists, and no name given twice. */
static int index_names(ctx *c)
{
    c->components = sorted_names(c->s.component_count, component_name, &c->s);
    c->instances = sorted_names(c->s.instance_count, instance_name, &c->s);
    if (!c->components || !c->instances) {
        fprintf(stderr, "wit-compose: out of memory\n");
        return EXIT_USAGE;
    }
    uint32_t d = duplicate(c->components, c->s.component_count);
    if (d != UINT32_MAX) {
        report(c, c->s.components[d].at, "component `%s` is defined twice",
               c->s.components[d].name);
        return EXIT_INVALID;
    }
    d = duplicate(c->instances, c->s.instance_count);
    if (d != UINT32_MAX) {
        report(c, c->s.instances[d].at, "instance `%s` is defined twice",
               c->s.instances[d].name);
        return EXIT_INVALID;
    }
    return EXIT_OK;
}

static int compose_and_write(ctx *c)
{
    comp_error err = {0};
    comp_buf out = {0};
    int status = EXIT_OK;
    if (c->a->dry_run) {
        if (!comp_compose_print_graph(c->g, &out, &err))
            status = EXIT_INVALID;
        else if (!io_write_atomic("-", out.data, out.len))
            status = EXIT_USAGE;
    } else if (!comp_compose_encode(c->g, &out, &err)) {
        status = EXIT_INVALID;
    } else {
        status = io_write_result(&out, c->a->output, c->a->wat);
    }
    if (status == EXIT_INVALID)
        fprintf(stderr, "wit-compose: %s: error: %s\n", c->a->composition, err.message);
    comp_buf_free(&out);
    return status;
}

int build_run(const build_args *a)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    comp_arena_init(&c.arena);
    bool invalid;
    if (!spec_load(a->composition, &c.s, &invalid)) {
        spec_free(&c.s);
        comp_arena_free(&c.arena);
        return invalid ? EXIT_INVALID : EXIT_USAGE;
    }
    c.g = comp_compose_new(COMP_FEATURES_DEFAULT);
    c.inputs = calloc(c.s.component_count, sizeof *c.inputs);
    c.component_ids = calloc(c.s.component_count, sizeof *c.component_ids);
    c.instance_ids = calloc(c.s.instance_count ? c.s.instance_count : 1,
                            sizeof *c.instance_ids);
    int status = EXIT_OK;
    if (!c.g || !c.inputs || !c.component_ids || !c.instance_ids) {
        fprintf(stderr, "wit-compose: out of memory\n");
        status = EXIT_USAGE;
    }
    if (status == EXIT_OK)
        status = index_names(&c);
    if (status == EXIT_OK)
        status = add_components(&c);
    if (status == EXIT_OK)
        status = add_instances(&c);
    if (status == EXIT_OK)
        status = wire(&c);
    if (status == EXIT_OK)
        status = add_exports(&c);
    if (status == EXIT_OK)
        status = compose_and_write(&c);
    comp_compose_free(c.g);
    for (uint32_t i = 0; c.inputs && i < c.s.component_count; i++)
        free(c.inputs[i]);
    free(c.inputs);
    free(c.component_ids);
    free(c.instance_ids);
    free(c.components);
    free(c.instances);
    spec_free(&c.s);
    comp_arena_free(&c.arena);
    return status;
}
