/* The public face of the validator's subtyping (validate_subtype.c): checks
 * an import or export of one component against an import of another, for
 * composition tools. All components live in one type store, so their types
 * compare directly; one substitution carries the resource bindings made by
 * every check (see comp_typecheck in component.h). */
#include "component/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct comp_typecheck {
    vstate s;
    vsubst bindings;
    vid *types; /* component type node per added component */
    uint32_t count, cap;
};

comp_typecheck *comp_typecheck_new(uint32_t features)
{
    comp_typecheck *tc = calloc(1, sizeof *tc);
    if (!tc)
        return NULL;
    tc->s.features = features;
    comp_arena_init(&tc->s.arena);
    subst_init(&tc->bindings);
    return tc;
}

void comp_typecheck_free(comp_typecheck *tc)
{
    if (!tc)
        return;
    subst_free(&tc->bindings);
    comp_arena_free(&tc->s.arena);
    free(tc->s.nodes);
    nameset_free(&tc->s.scratch);
    free(tc->types);
    free(tc);
}

bool comp_typecheck_add(comp_typecheck *tc, const comp_component *c, uint32_t *id,
                        comp_error *err)
{
    vid *types = comp_heap_reserve(tc->types, &tc->cap, (uint64_t)tc->count + 1, sizeof *types);
    if (!types)
        return comp_error_set(err, 0, "out of memory");
    tc->types = types;
    tc->s.err = err;
    tc->s.root = c;
    vid type = VID_NONE;
    bool ok = validate_component_scope(&tc->s, NULL, c, &type);
    tc->s.err = NULL;
    if (!ok)
        return false;
    *id = tc->count;
    tc->types[tc->count++] = type;
    return true;
}

/* Whether `got` is a subtype of `wanted`, an item of component `e` whose
 * imports the check binds; errors in the tools' plain wording. */
static bool plain_subtype(comp_typecheck *tc, vid e, const ventity *got, const ventity *wanted,
                          comp_error *err)
{
    vstate *s = &tc->s;
    tc->bindings.bind_serial_a = node_at(s, e)->serial;
    tc->bindings.bind_serial_b = UINT32_MAX;
    tc->bindings.bind_unimported_only = false;
    s->err = err;
    s->plain_wording = true;
    bool ok = entity_subtype(s, &tc->bindings, got, wanted, 0);
    s->plain_wording = false;
    s->err = NULL;
    return ok;
}

bool comp_check_extern_subtype(comp_typecheck *tc, uint32_t actual, bool actual_is_import,
                               comp_str actual_name, uint32_t expected, comp_str import_name,
                               comp_error *err)
{
    if (actual >= tc->count || expected >= tc->count)
        return comp_error_set(err, 0, "no such component in the type checker");
    vstate *s = &tc->s;
    vid a = tc->types[actual], e = tc->types[expected];
    const vnamed *have = actual_is_import ? component_import(s, a, actual_name)
                                          : instance_export(s, a, actual_name);
    if (!have)
        return comp_error_set(err, 0, "no %s named `%.*s`", actual_is_import ? "import" : "export",
                              (int)actual_name.len, actual_name.data);
    const vnamed *want = component_import(s, e, import_name);
    if (!want)
        return comp_error_set(err, 0, "no import named `%.*s`", (int)import_name.len,
                              import_name.data);
    /* Copies: binding may grow the node store, which moves the vnamed. */
    ventity got = have->e, wanted = want->e;
    bool ok = plain_subtype(tc, e, &got, &wanted, err);
    return ok;
}

bool comp_check_import_export_subtype(comp_typecheck *tc, uint32_t actual, comp_str actual_import,
                                      uint32_t expected, comp_str expected_import,
                                      comp_str export_name, comp_error *err)
{
    if (actual >= tc->count || expected >= tc->count)
        return comp_error_set(err, 0, "no such component in the type checker");
    vstate *s = &tc->s;
    vid a = tc->types[actual], e = tc->types[expected];
    const vnamed *ai = component_import(s, a, actual_import),
                 *ei = component_import(s, e, expected_import);
    if (!ai || !ei || ai->e.sort != COMP_SORT_INSTANCE || ei->e.sort != COMP_SORT_INSTANCE)
        return comp_error_set(err, 0, "no instance imports `%.*s` and `%.*s`",
                              (int)actual_import.len, actual_import.data,
                              (int)expected_import.len, expected_import.data);
    const vnamed *have = instance_export(s, ai->e.type, export_name);
    const vnamed *want = instance_export(s, ei->e.type, export_name);
    if (!have || !want)
        return comp_error_set(err, 0, "no export named '%.*s'", (int)export_name.len,
                              export_name.data);
    ventity got = have->e, wanted = want->e;
    bool ok = plain_subtype(tc, e, &got, &wanted, err);
    if (!ok) {
        char why[sizeof err->message];
        memcpy(why, err->message, sizeof why);
        why[sizeof why - 1] = '\0';
        comp_error_set(err, 0, "export '%.*s': %s", (int)export_name.len, export_name.data, why);
    }
    return ok;
}
