/* A component built by `jco new --wasi-command` from a clang-compiled C
 * program (build/e2e/hello.component.wasm, made by `make test`) runs its
 * `wasi:cli/run` export against stub WASI host functions registered
 * through the C API: output streams append to a buffer, everything else
 * returns a zero value of its result type. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/component.h"
#include "comp/module.h"
#include "rt/component.h"

typedef struct stub_state {
    char out[4096];
    size_t len;
    uint32_t calls;
} stub_state;

static bool zero_value(comp_arena *a, const rt_ctype *t, rt_cval *v)
{
    memset(v, 0, sizeof *v);
    v->kind = (uint8_t)rt_ctype_kind_of(t);
    switch (rt_ctype_kind_of(t)) {
    case RT_CT_STRING: v->of.str = (comp_str){"", 0}; return true;
    case RT_CT_FIXED_LIST: case RT_CT_RECORD: case RT_CT_TUPLE: {
        uint32_t n = rt_ctype_count(t);
        v->of.seq.count = n;
        v->of.seq.items = comp_arena_array(a, n ? n : 1, sizeof(rt_cval));
        for (uint32_t i = 0; i < n; i++)
            if (!zero_value(a, rt_ctype_elem(t, rt_ctype_kind_of(t) == RT_CT_FIXED_LIST ? 0 : i),
                            &v->of.seq.items[i]))
                return false;
        return true;
    }
    case RT_CT_VARIANT: case RT_CT_RESULT: {
        const rt_ctype *p = rt_ctype_elem(t, 0);
        if (p) {
            v->of.cases.payload = comp_arena_alloc(a, sizeof(rt_cval));
            return zero_value(a, p, v->of.cases.payload);
        }
        return true;
    }
    case RT_CT_OWN: case RT_CT_BORROW:
        v->of.handle = (rt_handle){rt_ctype_resource(t), 1};
        return true;
    default:
        return true;
    }
}

static bool stub(void *user, const rt_chost_call *c, const rt_cval *args, uint32_t n,
                 rt_cval *result, rt_trap *trap)
{
    stub_state *s = user;
    s->calls++;
    /* blocking-write-and-flush(self, contents: list<u8>) and write(...) */
    if (n == 2 && args[1].kind == RT_CT_LIST) {
        for (uint32_t i = 0; i < args[1].of.seq.count && s->len < sizeof s->out; i++)
            s->out[s->len++] = (char)args[1].of.seq.items[i].of.u;
    }
    const rt_ctype *rt = rt_cfunctype_result(c->type);
    /* check-write: allow plenty */
    if (rt && rt_ctype_kind_of(rt) == RT_CT_RESULT && rt_ctype_elem(rt, 0) &&
        rt_ctype_kind_of(rt_ctype_elem(rt, 0)) == RT_CT_U64) {
        result->kind = RT_CT_RESULT;
        result->of.cases.index = 0;
        result->of.cases.payload = comp_arena_alloc(c->arena, sizeof(rt_cval));
        *result->of.cases.payload = (rt_cval){.kind = RT_CT_U64, .of.u = 4096};
        return true;
    }
    if (rt && rt_ctype_kind_of(rt) == RT_CT_U64) { /* clocks: any number */
        *result = (rt_cval){.kind = RT_CT_U64, .of.u = 1};
        return true;
    }
    return !rt || zero_value(c->arena, rt, result);
}

static bool exit_stub(void *user, const rt_chost_call *c, const rt_cval *args, uint32_t n,
                      rt_cval *result, rt_trap *trap)
{
    rt_trap_set(trap, RT_TRAP_HOST, "exit called");
    return false;
}

/* Defines a stub for every function and a host resource for every resource
 * the component's instance imports declare. */
static void define_stubs(const comp_component *c, rt_clinker *l, comp_arena *a, stub_state *s)
{
    for (uint32_t i = 0; i < c->import_count; i++) {
        const comp_cimport *imp = &c->imports[i];
        if (imp->type.kind != COMP_SORT_INSTANCE)
            continue;
        /* the instance type is a type definition of the top level */
        uint32_t ti = imp->type.index, seen = 0;
        const comp_type *it = NULL;
        for (uint32_t si = 0; si < c->section_count && !it; si++) {
            const comp_component_section *sec = &c->sections[si];
            if (sec->id == COMP_CSEC_TYPE) {
                if (ti < seen + sec->count)
                    it = &c->types[sec->first + ti - seen];
                seen += sec->count;
            } else if (sec->id == COMP_CSEC_ALIAS) {
                for (uint32_t j = sec->first; j < sec->first + sec->count; j++)
                    if (c->aliases[j].sort.sort == COMP_SORT_TYPE && seen++ == ti)
                        break;
            } else if (sec->id == COMP_CSEC_IMPORT) {
                for (uint32_t j = sec->first; j < sec->first + sec->count; j++)
                    if (c->imports[j].type.kind == COMP_SORT_TYPE)
                        seen++;
            }
        }
        assert_non_null(it);
        assert_int_equal(it->kind, COMP_TYPE_INSTANCE);
        char *iface = comp_arena_strndup(a, imp->name.name.data, imp->name.name.len);
        for (uint32_t d = 0; d < it->u.decls.decl_count; d++) {
            const comp_decl *decl = &it->u.decls.decls[d];
            if (decl->kind != COMP_DECL_EXPORT)
                continue;
            char *name = comp_arena_strndup(a, decl->name.name.data, decl->name.name.len);
            if (decl->extern_type.kind == COMP_SORT_FUNC)
                assert_true(rt_clinker_define_func(l, iface, name, NULL,
                                                   strcmp(name, "exit") == 0 ? exit_stub : stub, s));
            else if (decl->extern_type.kind == COMP_SORT_TYPE &&
                     decl->extern_type.bound == COMP_BOUND_SUB_RESOURCE)
                assert_true(rt_clinker_define_resource(l, iface, name,
                                                       rt_resource_type_new(a, name, NULL, NULL)));
        }
    }
}

static void test_hello_command(void **state)
{
    const char *build = getenv("BUILD");
    char path[512];
    snprintf(path, sizeof path, "%s/e2e/hello.component.wasm", build ? build : "build");
    size_t len = 0;
    unsigned char *bytes = unit_read_file(path, &len);
    if (!bytes) {
        printf("SKIP %s not found (made by make test)\n", path);
        skip();
    }
    comp_error err = {0};
    rt_component *comp = rt_component_new(bytes, len, COMP_FEATURES_DEFAULT, &err);
    if (!comp)
        fail_msg("component: %s", err.message);
    comp_arena decoded, a;
    comp_arena_init(&decoded);
    comp_arena_init(&a);
    comp_component *c = NULL;
    assert_true(comp_component_decode(bytes, len, &decoded, &c, &err));

    stub_state s = {0};
    rt_clinker *l = rt_clinker_new();
    define_stubs(c, l, &a, &s);
    rt_cstore *store = rt_cstore_new(NULL);
    rt_cinstance *inst = NULL;
    rt_trap trap = {0};
    if (!rt_cinstantiate(store, l, comp, &inst, &trap))
        fail_msg("instantiate: %s", trap.message);
    rt_cinstance *run = rt_cinstance_instance(inst, "wasi:cli/run@0.2.0");
    if (!run) { /* any version */
        for (uint32_t i = 0; i < rt_cinstance_export_count(inst) && !run; i++) {
            comp_str n;
            uint8_t sort;
            rt_cinstance_export_at(inst, i, &n, &sort);
            if (sort == COMP_SORT_INSTANCE && n.len > 12 && memcmp(n.data, "wasi:cli/run", 12) == 0) {
                char *z = comp_arena_strndup(&a, n.data, n.len);
                run = rt_cinstance_instance(inst, z);
            }
        }
    }
    assert_non_null(run);
    rt_cfunc *f = rt_cinstance_func(run, "run");
    assert_non_null(f);
    rt_cval result;
    if (!rt_cfunc_call(f, NULL, 0, &result, &a, &trap))
        fail_msg("run: %s (output so far: %.*s)", trap.message, (int)s.len, s.out);
    assert_int_equal(result.kind, RT_CT_RESULT);
    assert_int_equal(result.of.cases.index, 0);
    assert_true(s.len > 0);
    printf("hello.component.wasm wrote: %.*s", (int)s.len, s.out);

    rt_cstore_free(store);
    rt_clinker_free(l);
    rt_component_free(comp);
    comp_arena_free(&decoded);
    comp_arena_free(&a);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_command),
    };
    return unit_run("rt_component_wasi", tests);
}
