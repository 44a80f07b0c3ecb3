/* Stores, limits, fuel, interruption, trap descriptions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rt_internal.h"

static const char *const trap_texts[] = {
    [RT_TRAP_NONE] = "no trap",
    [RT_TRAP_UNREACHABLE] = "unreachable",
    [RT_TRAP_INT_DIV_ZERO] = "integer divide by zero",
    [RT_TRAP_INT_OVERFLOW] = "integer overflow",
    [RT_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [RT_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [RT_TRAP_TABLE_OOB] = "out of bounds table access",
    [RT_TRAP_INDIRECT_TYPE] = "indirect call type mismatch",
    [RT_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [RT_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [RT_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [RT_TRAP_OUT_OF_FUEL] = "all fuel consumed",
    [RT_TRAP_INTERRUPTED] = "interrupted",
    [RT_TRAP_HOST] = "host function failed",
    [RT_TRAP_EXCEPTION] = "uncaught exception",
    [RT_TRAP_NULL_EXN] = "null exception reference",
    [RT_TRAP_LINK] = "link error",
    [RT_TRAP_RESOURCE] = "resource limit exceeded",
    [RT_TRAP_BAD_ARGS] = "wrong arguments",
};

const char *rt_trap_kind_text(rt_trap_kind kind)
{
    if ((unsigned)kind >= sizeof trap_texts / sizeof trap_texts[0] || !trap_texts[kind])
        return "unknown trap";
    return trap_texts[kind];
}

/* Field by field: the backtrace buffer is large and only valid up to
 * backtrace_count, so it is not cleared (rt_call resets a trap per call). */
void rt_trap_clear(rt_trap *trap)
{
    trap->kind = RT_TRAP_NONE;
    trap->func_index = UINT32_MAX;
    trap->offset = 0;
    trap->func_name[0] = '\0';
    trap->message[0] = '\0';
    trap->backtrace_count = 0;
    trap->backtrace_omitted = 0;
    trap->exception = NULL;
}

void rt_trap_set(rt_trap *trap, rt_trap_kind kind, const char *message)
{
    rt_trap_clear(trap);
    trap->kind = kind;
    snprintf(trap->message, sizeof trap->message, "%s", message ? message : rt_trap_kind_text(kind));
}

/* The kind's text, then `detail` after a colon. */
void rt_trap_at(rt_trap *trap, rt_trap_kind kind, const char *detail)
{
    rt_trap_clear(trap);
    trap->kind = kind;
    if (detail)
        snprintf(trap->message, sizeof trap->message, "%s: %s", rt_trap_kind_text(kind), detail);
    else
        snprintf(trap->message, sizeof trap->message, "%s", rt_trap_kind_text(kind));
}

rt_store *rt_store_new(const rt_limits *limits)
{
    rt_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (limits)
        s->limits = *limits;
    if (!s->limits.max_memory_pages || s->limits.max_memory_pages > 65536)
        s->limits.max_memory_pages = 65536;
    if (!s->limits.max_table_elems)
        s->limits.max_table_elems = 10000000;
    if (!s->limits.max_call_depth)
        s->limits.max_call_depth = 20000;
    if (!s->limits.max_stack_slots)
        s->limits.max_stack_slots = 1u << 20;
    s->fuel = RT_FUEL_UNLIMITED;
    atomic_init(&s->interrupt, 0);
    return s;
}

void rt_store_free(rt_store *s)
{
    if (!s)
        return;
    for (size_t i = s->owned_count; i-- > 0;)
        s->owned[i].destroy(s->owned[i].ptr);
    free(s->owned);
    free(s->stack);
    free(s->frames);
    free(s);
}

bool rt_store_own(rt_store *s, void *ptr, void (*destroy)(void *ptr))
{
    if (s->owned_count == s->owned_cap) {
        size_t cap = s->owned_cap ? s->owned_cap * 2 : 32;
        rt_owned *n = realloc(s->owned, cap * sizeof *n);
        if (!n) {
            destroy(ptr);
            return false;
        }
        s->owned = n;
        s->owned_cap = cap;
    }
    s->owned[s->owned_count++] = (rt_owned){ptr, destroy};
    return true;
}

void *rt_store_calloc(rt_store *s, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p || !rt_store_own(s, p, free))
        return NULL;
    return p;
}

void rt_store_set_fuel(rt_store *s, uint64_t fuel) { s->fuel = fuel; }
uint64_t rt_store_fuel(const rt_store *s) { return s->fuel; }

void rt_store_interrupt(rt_store *s) { atomic_store(&s->interrupt, 1); }
void rt_store_clear_interrupt(rt_store *s) { atomic_store(&s->interrupt, 0); }
