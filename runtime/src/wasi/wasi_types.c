/* The host resource types of wasi:io and wasi:cli/terminal-*, the value
 * types several interfaces share, and defining a table of functions. */
#include "wasi/wasi_host.h"

#include <stdio.h>

/* Destructors: the guest dropped its last handle to the object. */
static bool drop_kind(rt_wasi *w, uint32_t rep, wasi_obj_kind kind, rt_trap *trap)
{
    if (!wasi_obj_free(w, rep, kind))
        return wasi_trap(trap, "drop of an unknown WASI resource");
    return true;
}

static bool drop_input(void *u, uint32_t rep, rt_trap *t) { return drop_kind(u, rep, WOBJ_INPUT, t); }
static bool drop_output(void *u, uint32_t rep, rt_trap *t) { return drop_kind(u, rep, WOBJ_OUTPUT, t); }
static bool drop_error(void *u, uint32_t rep, rt_trap *t) { return drop_kind(u, rep, WOBJ_ERROR, t); }
static bool drop_pollable(void *u, uint32_t rep, rt_trap *t) { return drop_kind(u, rep, WOBJ_POLLABLE, t); }
static bool drop_term_in(void *u, uint32_t rep, rt_trap *t)
{
    return drop_kind(u, rep, WOBJ_TERMINAL_INPUT, t);
}
static bool drop_term_out(void *u, uint32_t rep, rt_trap *t)
{
    return drop_kind(u, rep, WOBJ_TERMINAL_OUTPUT, t);
}

bool wasi_types_init(rt_wasi *w)
{
    comp_arena *a = &w->arena;
    wasi_types *t = &w->t;
    t->input_stream = rt_resource_type_new(a, "input-stream", drop_input, w);
    t->output_stream = rt_resource_type_new(a, "output-stream", drop_output, w);
    t->error = rt_resource_type_new(a, "error", drop_error, w);
    t->pollable = rt_resource_type_new(a, "pollable", drop_pollable, w);
    t->terminal_input = rt_resource_type_new(a, "terminal-input", drop_term_in, w);
    t->terminal_output = rt_resource_type_new(a, "terminal-output", drop_term_out, w);
    if (!t->input_stream || !t->output_stream || !t->error || !t->pollable ||
        !t->terminal_input || !t->terminal_output)
        return false;
    t->boolean = rt_ctype_prim(RT_CT_BOOL);
    t->u8 = rt_ctype_prim(RT_CT_U8);
    t->u32 = rt_ctype_prim(RT_CT_U32);
    t->u64 = rt_ctype_prim(RT_CT_U64);
    t->string = rt_ctype_prim(RT_CT_STRING);
    t->bytes = rt_ctype_list(a, t->u8);
    t->own_input = rt_ctype_handle(a, RT_CT_OWN, t->input_stream);
    t->own_output = rt_ctype_handle(a, RT_CT_OWN, t->output_stream);
    t->own_error = rt_ctype_handle(a, RT_CT_OWN, t->error);
    t->own_pollable = rt_ctype_handle(a, RT_CT_OWN, t->pollable);
    t->borrow_input = rt_ctype_handle(a, RT_CT_BORROW, t->input_stream);
    t->borrow_output = rt_ctype_handle(a, RT_CT_BORROW, t->output_stream);
    t->borrow_error = rt_ctype_handle(a, RT_CT_BORROW, t->error);
    t->borrow_pollable = rt_ctype_handle(a, RT_CT_BORROW, t->pollable);
    static const char *const stream_error_cases[] = {"last-operation-failed", "closed"};
    const rt_ctype *stream_error_payloads[] = {t->own_error, NULL};
    t->stream_error = rt_ctype_labeled(a, RT_CT_VARIANT, 2, stream_error_cases,
                                       stream_error_payloads);
    return t->boolean && t->u8 && t->u32 && t->u64 && t->string && t->bytes && t->own_input &&
           t->own_output && t->own_error && t->own_pollable && t->borrow_input &&
           t->borrow_output && t->borrow_error && t->borrow_pollable && t->stream_error;
}

const rt_cfunctype *wasi_functype(rt_wasi *w, uint32_t count, const char *const *names,
                                  const rt_ctype *const *types, const rt_ctype *result)
{
    /* A result type that failed to build must not pass for "no result". */
    if (!result)
        return NULL;
    for (uint32_t i = 0; i < count; i++)
        if (!types[i])
            return NULL;
    return rt_cfunctype_new(&w->arena, count, names, types, result);
}

const rt_cfunctype *wasi_functype_void(rt_wasi *w, uint32_t count, const char *const *names,
                                       const rt_ctype *const *types)
{
    for (uint32_t i = 0; i < count; i++)
        if (!types[i])
            return NULL;
    return rt_cfunctype_new(&w->arena, count, names, types, NULL);
}

bool wasi_define_funcs(rt_wasi *w, rt_clinker *linker, const char *interface,
                       const wasi_func_def *defs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!defs[i].type ||
            !rt_clinker_define_func(linker, interface, defs[i].name, defs[i].type, defs[i].fn, w))
            return false;
    return true;
}

rt_resource_type *wasi_type_input_stream(rt_wasi *w) { return w->t.input_stream; }
rt_resource_type *wasi_type_output_stream(rt_wasi *w) { return w->t.output_stream; }
rt_resource_type *wasi_type_io_error(rt_wasi *w) { return w->t.error; }
rt_resource_type *wasi_type_pollable(rt_wasi *w) { return w->t.pollable; }
