/* Embedding a world in a core module (`wasm-tools component embed`): the
 * world is picked by name, the module checked, and the embed form appended
 * as a custom section. */
#include "wit/embed.h"

#include <string.h>

#include "comp/arena.h"
#include "comp/module.h"
#include "comp/wasm.h"
#include "wit/encode.h"

/* Longest world or package name a spec may hold. */
enum { MAX_SPEC = 512 };

/* "ns:pkg/w@v": world w of package "ns:pkg@v" (the version belongs to the
 * package); the split halves are copied into the two buffers. */
static uint32_t find_qualified(const wit_resolve *r, const char *spec, const char *slash)
{
    char package[MAX_SPEC], world[MAX_SPEC];
    size_t spec_len = strlen(spec);
    if (spec_len >= MAX_SPEC)
        return WIT_NO_ID;
    const char *at = strchr(slash, '@');
    const char *world_end = at ? at : spec + spec_len;
    size_t world_len = (size_t)(world_end - slash) - 1;
    memcpy(world, slash + 1, world_len);
    world[world_len] = '\0';
    size_t prefix = (size_t)(slash - spec);
    memcpy(package, spec, prefix);
    package[prefix] = '\0';
    if (at)
        memcpy(package + prefix, at, (size_t)(spec + spec_len - at) + 1);
    uint32_t pkg = wit_resolve_find_package(r, package);
    return pkg == WIT_NO_ID ? WIT_NO_ID : wit_resolve_find_world(r, pkg, world);
}

uint32_t wit_embed_find_world(const wit_resolve *r, const char *spec, comp_error *err)
{
    const wit_rpackage *main_pkg = &r->packages[r->main_package];
    int name_len = (int)main_pkg->full_name.len;
    const char *name = main_pkg->full_name.data;
    if (!spec) {
        if (main_pkg->world_count == 1)
            return main_pkg->worlds[0];
        comp_error_set(err, 0, "package %.*s has %u worlds; expected exactly one, or a world name",
                       name_len, name, main_pkg->world_count);
        return WIT_NO_ID;
    }
    const char *slash = strrchr(spec, '/');
    uint32_t w = slash ? find_qualified(r, spec, slash)
                       : wit_resolve_find_world(r, r->main_package, spec);
    if (w == WIT_NO_ID)
        comp_error_set(err, 0, "expected a world named '%.200s' (main package %.*s)", spec,
                       name_len, name);
    return w;
}

wit_embed_result wit_embed_module(const uint8_t *module, size_t len, const wit_resolve *r,
                                  uint32_t world, const char *section_name, comp_buf *out,
                                  comp_error *err)
{
    if (comp_wasm_detect(module, len) == COMP_WASM_COMPONENT) {
        comp_error_set(err, 0, "expected a core module, found a component");
        return WIT_EMBED_BAD_MODULE;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    comp_module *m;
    bool valid = comp_module_decode(module, len, &arena, &m, err) &&
                 comp_module_validate(m, COMP_FEATURES_DEFAULT, err);
    comp_arena_free(&arena);
    if (!valid)
        return WIT_EMBED_BAD_MODULE;

    char name[MAX_SPEC];
    comp_str world_name = r->worlds[world].name;
    if (!section_name) {
        if (world_name.len >= sizeof name) {
            comp_error_set(err, 0, "world name longer than %d bytes", MAX_SPEC - 1);
            return WIT_EMBED_BAD_WORLD;
        }
        memcpy(name, world_name.data, world_name.len);
        name[world_name.len] = '\0';
        section_name = name;
    }
    comp_buf_append(out, module, len);
    if (!wit_encode_custom_section(r, world, section_name, out, err) && !out->oom)
        return WIT_EMBED_BAD_WORLD;
    return out->oom ? WIT_EMBED_NO_MEMORY : WIT_EMBED_OK;
}
