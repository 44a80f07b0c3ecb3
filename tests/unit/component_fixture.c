#include "component_fixture.h"

#include <string.h>

#include "comp/module.h"
#include "comp/wat.h"
#include "unit.h"

void fixture_load(fixture *f, const char *wat)
{
    memset(f, 0, sizeof *f);
    comp_error err = {0};
    if (!comp_wat_to_binary(wat, strlen(wat), &f->bin, &err))
        fail_msg("wat: %s", err.message);
    f->comp = rt_component_new(f->bin.data, f->bin.len, COMP_FEATURES_DEFAULT, &err);
    if (!f->comp)
        fail_msg("component: %s", err.message);
    f->store = rt_cstore_new(NULL);
    f->linker = rt_clinker_new();
    comp_arena_init(&f->arena);
    assert_non_null(f->store);
}

void fixture_instantiate(fixture *f)
{
    if (!rt_cinstantiate(f->store, f->linker, f->comp, &f->inst, &f->trap))
        fail_msg("instantiate: %s", f->trap.message);
}

void fixture_done(fixture *f)
{
    rt_clinker_free(f->linker);
    rt_cstore_free(f->store);
    rt_component_free(f->comp);
    comp_buf_free(&f->bin);
    comp_arena_free(&f->arena);
}

bool fixture_call(fixture *f, const char *name, const rt_cval *args, uint32_t n, rt_cval *result)
{
    rt_cfunc *fn = rt_cinstance_func(f->inst, name);
    if (!fn)
        fail_msg("no export %s", name);
    return rt_cfunc_call(fn, args, n, result, &f->arena, &f->trap);
}
