/* A component's type through its WIT world (see comptype.h). */
#include "comptype.h"

#include "wit/decode.h"
#include "wit/encode.h"

bool comptype_of_component(const comp_component *c, comp_arena *arena, const comp_type **out,
                           comp_error *err)
{
    wit_resolve *r;
    wit_decoded_kind kind;
    if (!wit_decode_component(c, arena, &r, &kind, err))
        return false;
    if (kind != WIT_DECODED_COMPONENT)
        return comp_error_set(err, 0, "this is a WIT package, not a component to import");
    const wit_rpackage *main = &r->packages[r->main_package];
    if (main->world_count != 1)
        return comp_error_set(err, 0, "decoding its world gave %u worlds", main->world_count);
    comp_component *embed;
    if (!wit_encode_world_component(r, main->worlds[0], arena, &embed, err))
        return false;
    /* The embed form: one component type whose first type declaration is
     * the world's component type. */
    for (uint32_t t = 0; t < embed->type_count; t++) {
        const comp_type *wrap = &embed->types[t];
        if (wrap->kind != COMP_TYPE_COMPONENT)
            continue;
        for (uint32_t d = 0; d < wrap->u.decls.decl_count; d++) {
            const comp_decl *decl = &wrap->u.decls.decls[d];
            if (decl->kind == COMP_DECL_TYPE && decl->type->kind == COMP_TYPE_COMPONENT) {
                *out = decl->type;
                return true;
            }
        }
    }
    return comp_error_set(err, 0, "the encoded world has no component type");
}
