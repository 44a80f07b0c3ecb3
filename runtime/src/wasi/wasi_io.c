/* wasi:io/error and wasi:io/poll at 0.2.x, and the registration of all of
 * wasi:io. */
#include "wasi/wasi_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOST_FN(name)                                                                        \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args,            \
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)

HOST_FN(error_to_debug_string)
{
    rt_wasi *w = user;
    int errnum;
    if (!wasi_io_error_errno(w, args[0].of.handle.rep, &errnum))
        return wasi_trap(trap, "unknown error resource");
    char text[160];
    if (strerror_r(errnum, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", errnum);
    return wasi_val_string(call->arena, text, strlen(text), result) ||
           wasi_trap(trap, "out of memory");
}

static bool known_pollable(rt_wasi *w, const rt_cval *arg, rt_trap *trap)
{
    return wasi_obj_get(w, arg->of.handle.rep, WOBJ_POLLABLE) || wasi_trap(trap, "unknown pollable");
}

HOST_FN(pollable_ready)
{
    rt_wasi *w = user;
    if (!known_pollable(w, &args[0], trap))
        return false;
    *result = wasi_val_bool(wasi_pollable_ready(w, args[0].of.handle.rep));
    return true;
}

HOST_FN(pollable_block)
{
    rt_wasi *w = user;
    if (!known_pollable(w, &args[0], trap))
        return false;
    uint32_t rep = args[0].of.handle.rep;
    bool ready;
    return wasi_poll_wait(w, &rep, 1, &ready) || wasi_trap(trap, "poll failed");
}

/* poll(in: list<borrow<pollable>>) -> list<u32>: the indices of the ready
 * ones, waiting until there is at least one. An empty list would wait
 * forever: it traps, as the WIT's "poll an empty list" has no answer. */
HOST_FN(poll_list)
{
    rt_wasi *w = user;
    uint32_t n = args[0].of.seq.count;
    if (n == 0)
        return wasi_trap(trap, "wasi:io/poll.poll: empty list of pollables");
    uint32_t *reps = malloc((size_t)n * sizeof *reps);
    bool *ready = malloc(n);
    bool ok = reps && ready;
    for (uint32_t i = 0; ok && i < n; i++) {
        reps[i] = args[0].of.seq.items[i].of.handle.rep;
        ok = known_pollable(w, &args[0].of.seq.items[i], trap);
    }
    if (ok && !wasi_poll_wait(w, reps, n, ready))
        ok = wasi_trap(trap, "poll failed");
    uint32_t count = 0;
    rt_cval *items = ok ? comp_arena_array(call->arena, n, sizeof *items) : NULL;
    if (ok && !items)
        ok = wasi_trap(trap, "out of memory");
    for (uint32_t i = 0; ok && i < n; i++)
        if (ready[i])
            items[count++] = wasi_val_u32(i);
    if (ok) {
        *result = (rt_cval){.kind = RT_CT_LIST};
        result->of.seq.items = items;
        result->of.seq.count = count;
    } else if (trap->kind == RT_TRAP_NONE) {
        wasi_trap(trap, "out of memory");
    }
    free(reps);
    free(ready);
    return ok;
}

bool wasi_define_p2_io(rt_wasi *w, rt_clinker *linker)
{
    const wasi_types *t = &w->t;
    static const char *const self_only[] = {"self"};
    static const char *const in_name[] = {"in"};
    const rt_ctype *err_self[] = {t->borrow_error};
    const rt_ctype *poll_self[] = {t->borrow_pollable};
    const rt_ctype *poll_in[] = {rt_ctype_list(&w->arena, t->borrow_pollable)};
    const wasi_func_def error_defs[] = {
        {"[method]error.to-debug-string", error_to_debug_string,
         wasi_functype(w, 1, self_only, err_self, t->string)},
    };
    const wasi_func_def poll_defs[] = {
        {"[method]pollable.ready", pollable_ready, wasi_functype(w, 1, self_only, poll_self, t->boolean)},
        {"[method]pollable.block", pollable_block, wasi_functype_void(w, 1, self_only, poll_self)},
        {"poll", poll_list, wasi_functype(w, 1, in_name, poll_in, rt_ctype_list(&w->arena, t->u32))},
    };
    return rt_clinker_define_resource(linker, "wasi:io/error@0.2.12", "error", t->error) &&
           wasi_define_funcs(w, linker, "wasi:io/error@0.2.12", error_defs, 1) &&
           rt_clinker_define_resource(linker, "wasi:io/poll@0.2.12", "pollable", t->pollable) &&
           wasi_define_funcs(w, linker, "wasi:io/poll@0.2.12", poll_defs, 3) &&
           wasi_define_p2_streams(w, linker);
}
