/* Per-call scratch arenas (runtime/src/component/cscratch.c) and
 * comp_arena_reset: a reused arena comes back empty and zeroed, nested
 * calls never share one, and arenas may be given back in any order. */
#include "unit.h"

#include <string.h>

#include "comp/arena.h"
#include "component/cinternal.h"

static void arena_reset_keeps_memory_usable(void **state)
{
    (void)state;
    comp_arena a;
    comp_arena_init(&a);
    comp_arena_reset(&a); /* an arena never used */
    assert_null(a.head);
    unsigned char *p = comp_arena_alloc(&a, 100);
    assert_non_null(p);
    memset(p, 0xab, 100);
    /* A large request gets a chunk of its own; reset frees it. */
    assert_non_null(comp_arena_alloc(&a, 1 << 20));
    comp_arena_reset(&a);
    assert_int_equal(a.total, 0);
    assert_non_null(a.head);
    unsigned char *q = comp_arena_alloc(&a, 100);
    assert_ptr_equal(q, p); /* the kept chunk, from its start */
    for (int i = 0; i < 100; i++)
        assert_int_equal(q[i], 0);
    comp_arena_free(&a);
}

static void scratch_nested_calls_do_not_share(void **state)
{
    (void)state;
    rt_cstore *s = rt_cstore_new(NULL);
    assert_non_null(s);
    cscratch *outer = cscratch_take(s);
    cscratch *inner = cscratch_take(s);
    assert_non_null(outer);
    assert_non_null(inner);
    assert_ptr_not_equal(outer, inner);
    char *o = comp_arena_strndup(&outer->arena, "outer", 5);
    assert_non_null(comp_arena_strndup(&inner->arena, "inner", 5));
    /* Given back out of order (a suspended thread's call ends later). */
    cscratch_give(s, outer);
    cscratch *again = cscratch_take(s);
    assert_ptr_equal(again, outer);
    assert_int_equal(again->arena.total, 0);
    char *o2 = comp_arena_alloc(&again->arena, 8);
    assert_ptr_equal(o2, o); /* reused memory, no new chunk */
    assert_string_equal(o2, "");
    cscratch_give(s, inner);
    cscratch_give(s, again);
    assert_int_equal(s->scratch_idle, 2);
    rt_cstore_free(s);
}

static void scratch_idle_list_is_bounded(void **state)
{
    (void)state;
    rt_cstore *s = rt_cstore_new(NULL);
    assert_non_null(s);
    enum { DEEP = 40 };
    cscratch *live[DEEP];
    for (int i = 0; i < DEEP; i++) {
        live[i] = cscratch_take(s);
        assert_non_null(live[i]);
        assert_non_null(comp_arena_alloc(&live[i]->arena, 16));
    }
    for (int i = DEEP; i-- > 0;)
        cscratch_give(s, live[i]);
    assert_true(s->scratch_idle > 0);
    assert_true(s->scratch_idle < DEEP);
    rt_cstore_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_reset_keeps_memory_usable),
        cmocka_unit_test(scratch_nested_calls_do_not_share),
        cmocka_unit_test(scratch_idle_list_is_bounded),
    };
    return unit_run("rt_scratch", tests);
}
