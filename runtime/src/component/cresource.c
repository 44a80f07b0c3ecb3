/* Resource handle tables (CanonicalABI.md "Table State", "Resource State")
 * and resource destruction. Index 0 is never handed out; freed slots are
 * reused through a free list. */
#include "component/cinternal.h"

#include <stdlib.h>
#include <string.h>

enum { CT_MAX_HANDLES = 1u << 28 };

bool ctable_add(ctable *t, chandle h, uint32_t *index, rt_trap *trap)
{
    if (t->len == 0)
        t->len = 1; /* reserve index 0 */
    uint32_t i;
    if (t->free_head) {
        i = t->free_head;
        t->free_head = t->v[i].next_free;
    } else {
        if (t->len >= CT_MAX_HANDLES)
            return ctrap(trap, "too many handles");
        if (t->len >= t->cap) {
            uint32_t cap = t->cap ? t->cap * 2 : 16;
            chandle *p = realloc(t->v, (size_t)cap * sizeof *p);
            if (!p)
                return ctrap(trap, "out of memory");
            t->v = p, t->cap = cap;
        }
        i = t->len++;
    }
    h.used = true;
    h.next_free = 0;
    t->v[i] = h;
    *index = i;
    return true;
}

chandle *ctable_get(ctable *t, uint32_t index, rt_trap *trap)
{
    if (index == 0 || index >= t->len || !t->v[index].used) {
        ctrap(trap, "unknown handle index %u", index);
        return NULL;
    }
    return &t->v[index];
}

void ctable_remove(ctable *t, uint32_t index)
{
    t->v[index].used = false;
    t->v[index].next_free = t->free_head;
    t->free_head = index;
}

void ctable_free(ctable *t)
{
    free(t->v);
    t->v = NULL;
    t->len = t->cap = t->free_head = 0;
}

bool resource_destroy(rt_cstore *store, rt_resource_type *r, uint32_t rep, rt_trap *trap)
{
    (void)store;
    if (r->impl) {
        if (!r->dtor)
            return true;
        if (r->impl->poisoned)
            return ctrap(trap, "cannot enter component instance");
        rt_val arg = rt_val_i32(rep);
        if (!rt_call(r->dtor, &arg, 1, NULL, 0, trap)) {
            r->impl->poisoned = true;
            return false;
        }
        return true;
    }
    if (r->host_dtor && !r->host_dtor(r->user, rep, trap)) {
        if (trap->kind == RT_TRAP_NONE)
            rt_trap_set(trap, RT_TRAP_HOST, "resource destructor failed");
        return false;
    }
    return true;
}

rt_resource_type *rt_resource_type_new(comp_arena *arena, const char *name, rt_resource_dtor dtor,
                                       void *user)
{
    rt_resource_type *r = comp_arena_alloc(arena, sizeof *r);
    if (!r)
        return NULL;
    r->name = comp_arena_strndup(arena, name ? name : "resource", name ? strlen(name) : 8);
    if (!r->name)
        return NULL;
    r->host_dtor = dtor;
    r->user = user;
    return r;
}

const char *rt_resource_type_name(const rt_resource_type *r) { return r->name; }

bool rt_cstore_drop_own(rt_cstore *store, rt_handle handle, rt_trap *trap)
{
    return resource_destroy(store, handle.type, handle.rep, trap);
}

/* ---- the resource.* built-ins as core host functions ----------------------------- */

typedef struct cbuiltin {
    rt_cinstance *inst;
    rt_resource_type *type;
} cbuiltin;

static bool builtin_enter(cbuiltin *b, rt_trap *trap)
{
    if (b->inst->leave_blocked)
        return ctrap(trap, "cannot leave component instance");
    return true;
}

static bool res_new(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                    rt_trap *trap)
{
    cbuiltin *b = user;
    if (!builtin_enter(b, trap))
        return false;
    chandle h = {.own = true, .type = b->type, .rep = args[0].of.i32};
    uint32_t i;
    if (!ctable_add(&b->inst->table, h, &i, trap))
        return false;
    results[0] = rt_val_i32(i);
    return true;
}

static bool res_rep(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                    rt_trap *trap)
{
    cbuiltin *b = user;
    chandle *h = ctable_get(&b->inst->table, args[0].of.i32, trap);
    if (!h)
        return false;
    if (h->type != b->type)
        return ctrap_wrong_handle(trap, args[0].of.i32, b->type, h->type);
    results[0] = rt_val_i32(h->rep);
    return true;
}

static bool res_drop(void *user, rt_instance *caller, const rt_val *args, rt_val *results,
                     rt_trap *trap)
{
    cbuiltin *b = user;
    if (!builtin_enter(b, trap))
        return false;
    uint32_t i = args[0].of.i32;
    chandle *h = ctable_get(&b->inst->table, i, trap);
    if (!h)
        return false;
    if (h->type != b->type)
        return ctrap_wrong_handle(trap, i, b->type, h->type);
    chandle copy = *h;
    if (copy.own && copy.lends)
        return ctrap(trap, "cannot remove owned resource while borrowed");
    ctable_remove(&b->inst->table, i);
    if (!copy.own) {
        /* The task the borrow was lent to, which need not be the one
         * dropping it (CanonicalABI.md canon_resource_drop:
         * h.borrow_scope.num_borrows -= 1). */
        if (copy.scope && copy.scope->borrows)
            copy.scope->borrows--;
        return true;
    }
    return resource_destroy(b->inst->store, copy.type, copy.rep, trap);
}

rt_func *resource_builtin(rt_cinstance *inst, uint8_t op, rt_resource_type *type, rt_trap *trap)
{
    cbuiltin *b = comp_arena_alloc(&inst->store->arena, sizeof *b);
    if (!b) {
        ctrap(trap, "out of memory");
        return NULL;
    }
    b->inst = inst, b->type = type;
    comp_valtype i32 = RT_I32;
    comp_functype ft = {.param_count = 1, .params = &i32, .result_count = 1, .results = &i32};
    rt_host_fn fn = res_new;
    if (op == COMP_CANON_RESOURCE_DROP)
        fn = res_drop, ft.result_count = 0;
    else if (op == COMP_CANON_RESOURCE_REP)
        fn = res_rep;
    rt_func *f = rt_func_new_host(inst->store->core, &ft, fn, b);
    if (!f)
        ctrap(trap, "out of memory");
    return f;
}

void ctask_orphan_borrows(ctable *table, const ctask *task)
{
    for (uint32_t i = 1; i < table->len; i++)
        if (table->v[i].used && table->v[i].kind == HK_RESOURCE && table->v[i].scope == task)
            table->v[i].scope = NULL;
}

static const char *resource_desc(const rt_resource_type *r)
{
    return r->impl ? "guest-defined resource" : "host-defined resource";
}

bool ctrap_wrong_handle(rt_trap *trap, uint32_t i, const rt_resource_type *want,
                        const rt_resource_type *found)
{
    if (!found)
        return ctrap(trap, "handle index %u used with the wrong type, expected %s", i,
                     resource_desc(want));
    return ctrap(trap, "handle index %u used with the wrong type, expected %s but found a "
                       "different %s", i, resource_desc(want), resource_desc(found));
}
