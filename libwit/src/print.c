/* Packages, interfaces and worlds as wasm-tools' WIT printer lays them out. */
#include "wit/print.h"

#include <stdio.h>
#include <stdlib.h>

#include "print_internal.h"

/* The functions of `funcs` that belong to resource `id`, in order. */
static uint32_t resource_funcs(const wit_rfunc *const *all, uint32_t n, uint32_t id,
                               const wit_rfunc **out)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (all[i]->kind != WIT_FUNC_FREESTANDING && all[i]->resource == id)
            out[k++] = all[i];
    return k;
}

/* `use` statements (consecutive imports from one interface with equal
 * gates share one), then type definitions; resources carry their
 * functions (from `funcs`). */
static void wp_types(pr *p, const uint32_t *types, uint32_t n, wit_owner_kind owner_kind,
                     uint32_t owner, uint32_t cur_pkg, const wit_rfunc *const *funcs,
                     uint32_t func_count)
{
    const wit_resolve *r = p->r;
    uint32_t *order = malloc((n ? n : 1) * sizeof *order);
    const wit_rfunc **mine = malloc((func_count ? func_count : 1) * sizeof *mine);
    if (!order || !mine || !wp_order_types(r, types, n, owner_kind, owner, order)) {
        p->out->oom = true;
        free(order);
        free(mine);
        return;
    }
    uint32_t i = 0;
    while (i < n && wp_type_is_import(r, order[i])) {
        const wit_rtype *t = &r->types[order[i]];
        uint32_t from = r->types[t->a.id].owner;
        if (r->types[t->a.id].owner_kind != WIT_OWNER_INTERFACE) {
            wp_fail(p, "a `use` of a type not owned by an interface");
            break;
        }
        p->any_items = true;
        wp_stability(p, &t->stability);
        wp_str(p, "use ");
        wp_interface_path(p, from, cur_pkg);
        wp_raw(p, ".{", 2);
        uint32_t k = i;
        for (; k < n && wp_type_is_import(r, order[k]); k++) {
            const wit_rtype *u = &r->types[order[k]];
            const wit_rtype *target = &r->types[u->a.id];
            if (k > i && (target->owner_kind != WIT_OWNER_INTERFACE || target->owner != from ||
                          !wp_stability_eq(&u->stability, &t->stability)))
                break;
            if (k > i)
                wp_raw(p, ", ", 2);
            if (comp_str_eq(u->name, target->name)) {
                wp_name(p, u->name);
            } else {
                wp_name(p, target->name);
                wp_raw(p, " as ", 4);
                wp_name(p, u->name);
            }
        }
        wp_raw(p, "}", 1);
        wp_semicolon(p);
        i = k;
    }
    for (; i < n; i++) {
        const wit_rtype *t = &r->types[order[i]];
        wp_new_item(p);
        wp_docs(p, &t->docs);
        wp_stability(p, &t->stability);
        if (t->kind == WIT_DEF_KIND_RESOURCE) {
            uint32_t k = resource_funcs(funcs, func_count, order[i], mine);
            wp_resource(p, order[i], mine, k);
        } else {
            wp_declare_type(p, order[i]);
        }
    }
    free(order);
    free(mine);
}

/* The body of an interface: types (with resource functions), then the
 * freestanding functions. `use` paths are written relative to `cur_pkg`:
 * an inline interface belongs to the world that prints it, even one taken
 * in by an `include` from another package (wit-parser clones it). */
static void wp_interface_body(pr *p, uint32_t id, uint32_t cur_pkg)
{
    const wit_rinterface *f = &p->r->interfaces[id];
    bool prev = p->any_items;
    p->any_items = false;
    const wit_rfunc **funcs = malloc((f->func_count ? f->func_count : 1) * sizeof *funcs);
    if (!funcs) {
        p->out->oom = true;
        return;
    }
    for (uint32_t i = 0; i < f->func_count; i++)
        funcs[i] = &f->funcs[i];
    wp_types(p, f->types, f->type_count, WIT_OWNER_INTERFACE, id, cur_pkg, funcs,
             f->func_count);
    for (uint32_t i = 0; i < f->func_count; i++) {
        const wit_rfunc *fn = &f->funcs[i];
        if (fn->kind != WIT_FUNC_FREESTANDING)
            continue;
        wp_new_item(p);
        wp_docs(p, &fn->docs);
        wp_stability(p, &fn->stability);
        wp_name(p, fn->item_name);
        wp_raw(p, ": ", 2);
        wp_function(p, fn);
        wp_semicolon(p);
    }
    free(funcs);
    p->any_items = prev;
}

static void wp_external_id(pr *p, comp_str id)
{
    if (!id.data)
        return;
    wp_str(p, "@external-id(\"");
    for (uint32_t i = 0; i < id.len; i++) {
        unsigned char c = (unsigned char)id.data[i];
        char esc[16];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == ' ' || c >= 0x80) {
            wp_raw(p, (const char *)&id.data[i], 1);
            continue;
        }
        switch (c) {
        case '\\': wp_raw(p, "\\\\", 2); break;
        case '"': wp_raw(p, "\\\"", 2); break;
        case '\n': wp_raw(p, "\\n", 2); break;
        case '\r': wp_raw(p, "\\r", 2); break;
        case '\t': wp_raw(p, "\\t", 2); break;
        default:
            wp_raw(p, esc, (size_t)snprintf(esc, sizeof esc, "\\u{%x}", c));
            break;
        }
    }
    wp_raw(p, "\")", 2);
    wp_newline(p);
}

static void wp_world_item(pr *p, const wit_rworld_item *e, uint32_t cur_pkg, const char *kw)
{
    const wit_resolve *r = p->r;
    /* wit-parser keeps no docs for `import ns:pkg/iface;` items. */
    if (e->key_kind == WIT_KEY_NAME && e->kind == WIT_ITEM_INTERFACE)
        wp_docs(p, e->docs.count ? &e->docs : &r->interfaces[e->id].docs);
    else if (e->key_kind == WIT_KEY_NAME && e->kind == WIT_ITEM_FUNCTION)
        wp_docs(p, e->func.docs.count ? &e->func.docs : &e->docs);
    wp_stability(p, &e->stability);
    wp_external_id(p, e->external_id);
    wp_str(p, kw);
    wp_raw(p, " ", 1);
    if (e->key_kind == WIT_KEY_INTERFACE) {
        wp_interface_path(p, e->id, cur_pkg);
        wp_semicolon(p);
        return;
    }
    wp_name(p, e->name);
    wp_raw(p, ": ", 2);
    if (e->kind == WIT_ITEM_FUNCTION) {
        wp_function(p, &e->func);
        wp_semicolon(p);
    } else if (!r->interfaces[e->id].name.data) {
        wp_str(p, "interface");
        wp_block_start(p);
        wp_interface_body(p, e->id, cur_pkg);
        wp_block_end(p);
    } else {
        wp_interface_path(p, e->id, cur_pkg);
        wp_semicolon(p);
    }
}

/* Imported interfaces, then types (resources with their functions), then
 * imported functions, a blank line and the exports: the order wasm-tools
 * both prints and encodes worlds in. */
static void wp_world_body(pr *p, uint32_t id)
{
    const wit_rworld *w = &p->r->worlds[id];
    bool prev = p->any_items;
    p->any_items = false;
    const wit_rfunc **funcs = malloc((w->import_count ? w->import_count : 1) * sizeof *funcs);
    uint32_t *types = malloc((w->import_count ? w->import_count : 1) * sizeof *types);
    if (!funcs || !types) {
        free(funcs);
        free(types);
        p->out->oom = true;
        return;
    }
    uint32_t nf = 0, nt = 0;
    for (uint32_t i = 0; i < w->import_count; i++) {
        const wit_rworld_item *e = &w->imports[i];
        if (e->kind == WIT_ITEM_TYPE) {
            types[nt++] = e->id;
        } else if (e->kind == WIT_ITEM_FUNCTION) {
            funcs[nf++] = &e->func;
        } else {
            wp_world_item(p, e, w->package, "import");
            p->any_items = true;
        }
    }
    wp_types(p, types, nt, WIT_OWNER_WORLD, id, w->package, funcs, nf);
    for (uint32_t i = 0; i < w->import_count; i++) {
        const wit_rworld_item *e = &w->imports[i];
        if (e->kind == WIT_ITEM_FUNCTION && e->func.kind == WIT_FUNC_FREESTANDING) {
            wp_world_item(p, e, w->package, "import");
            p->any_items = true;
        }
    }
    if (w->export_count)
        wp_new_item(p);
    for (uint32_t i = 0; i < w->export_count; i++)
        wp_world_item(p, &w->exports[i], w->package, "export");
    free(funcs);
    free(types);
    p->any_items = prev;
}

static void wp_package_name(pr *p, const wit_package_name *n)
{
    for (uint32_t i = 0; i < n->namespace_count; i++) {
        if (i)
            wp_raw(p, ":", 1);
        wp_name(p, n->namespaces[i].name);
    }
    wp_raw(p, ":", 1);
    wp_name(p, n->name.name);
    for (uint32_t i = 0; i < n->nested_count; i++) {
        wp_raw(p, "/", 1);
        wp_name(p, n->nested[i].name);
    }
    if (n->version.present)
        wp_version(p, &n->version);
}

/* The main form ends each interface with a blank line; the nested form
 * (`package a:b { ... }`) does not. */
static void wp_package(pr *p, uint32_t pkg, bool is_main)
{
    const wit_rpackage *k = &p->r->packages[pkg];
    wp_docs(p, &k->docs);
    wp_str(p, "package ");
    wp_package_name(p, &k->name);
    if (is_main) {
        wp_semicolon(p);
        wp_newline(p);
    } else {
        wp_block_start(p);
    }
    uint32_t *order = malloc((k->interface_count ? k->interface_count : 1) * sizeof *order);
    if (!order || !wp_order_interfaces(p->r, pkg, order)) {
        free(order);
        p->out->oom = true;
        return;
    }
    for (uint32_t i = 0; i < k->interface_count; i++) {
        const wit_rinterface *f = &p->r->interfaces[order[i]];
        wp_docs(p, &f->docs);
        wp_stability(p, &f->stability);
        wp_str(p, "interface ");
        wp_name(p, f->name);
        wp_block_start(p);
        wp_interface_body(p, order[i], pkg);
        wp_block_end(p);
        if (is_main)
            wp_newline(p);
    }
    free(order);
    for (uint32_t i = 0; i < k->world_count; i++) {
        const wit_rworld *w = &p->r->worlds[k->worlds[i]];
        wp_docs(p, &w->docs);
        wp_stability(p, &w->stability);
        wp_str(p, "world ");
        wp_name(p, w->name);
        wp_block_start(p);
        wp_world_body(p, k->worlds[i]);
        wp_block_end(p);
    }
    if (!is_main)
        wp_block_end(p);
}

static bool finish(pr *p, char *why, size_t why_size)
{
    if (why && why_size)
        snprintf(why, why_size, "%s", p->failed ? p->why : p->out->oom ? "out of memory" : "");
    return !p->failed && !p->out->oom;
}

bool wit_print_package(const wit_resolve *r, uint32_t pkg, comp_buf *out, char *why,
                       size_t why_size)
{
    pr p = {.r = r, .out = out};
    if (pkg >= r->package_count) {
        wp_fail(&p, "no such package");
        return finish(&p, why, why_size);
    }
    wp_package(&p, pkg, true);
    return finish(&p, why, why_size);
}

bool wit_print_all(const wit_resolve *r, comp_buf *out, char *why, size_t why_size)
{
    pr p = {.r = r, .out = out};
    if (r->main_package >= r->package_count) {
        wp_fail(&p, "no main package");
        return finish(&p, why, why_size);
    }
    uint32_t *order = malloc(r->package_count * sizeof *order);
    if (!order || !wp_order_packages(r, order)) {
        free(order);
        out->oom = true;
        return finish(&p, why, why_size);
    }
    wp_package(&p, r->main_package, true);
    bool first = true;
    for (uint32_t k = 0; k < r->package_count; k++) {
        uint32_t i = order[k];
        if (i == r->main_package)
            continue;
        if (!first) {
            wp_newline(&p);
            wp_newline(&p);
        }
        first = false;
        wp_package(&p, i, false);
    }
    free(order);
    return finish(&p, why, why_size);
}
