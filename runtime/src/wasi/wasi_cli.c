/* wasi:cli at 0.2.x: environment, exit, stdin / stdout / stderr and the
 * terminal-* interfaces (all but the streams also serve 0.3.0:
 * wasi_define_cli_base). A terminal handle is given for a standard stream
 * that is a terminal (isatty), none otherwise, as wasmtime does. */
#include "wasi/wasi_host.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HOST_FN(name)                                                                        \
    static bool name(void *user, const rt_chost_call *call, const rt_cval *args,            \
                     uint32_t arg_count, rt_cval *result, rt_trap *trap)

static bool list_of(comp_arena *a, uint32_t count, rt_cval *out, rt_cval **items)
{
    *items = comp_arena_array(a, count ? count : 1, sizeof **items);
    if (!*items)
        return false;
    *out = (rt_cval){.kind = RT_CT_LIST};
    out->of.seq.items = *items;
    out->of.seq.count = count;
    return true;
}

HOST_FN(get_environment)
{
    rt_wasi *w = user;
    rt_cval *pairs;
    if (!list_of(call->arena, w->env_count, result, &pairs))
        return wasi_trap(trap, "out of memory");
    for (uint32_t i = 0; i < w->env_count; i++) {
        const char *kv = w->env[i], *eq = strchr(kv, '=');
        rt_cval *two = comp_arena_array(call->arena, 2, sizeof *two);
        if (!two || !wasi_val_string(call->arena, kv, (size_t)(eq - kv), &two[0]) ||
            !wasi_val_string(call->arena, eq + 1, strlen(eq + 1), &two[1]))
            return wasi_trap(trap, "out of memory");
        pairs[i] = (rt_cval){.kind = RT_CT_TUPLE};
        pairs[i].of.seq.items = two;
        pairs[i].of.seq.count = 2;
    }
    return true;
}

HOST_FN(get_arguments)
{
    rt_wasi *w = user;
    rt_cval *items;
    if (!list_of(call->arena, w->arg_count, result, &items))
        return wasi_trap(trap, "out of memory");
    for (uint32_t i = 0; i < w->arg_count; i++)
        if (!wasi_val_string(call->arena, w->args[i], strlen(w->args[i]), &items[i]))
            return wasi_trap(trap, "out of memory");
    return true;
}

/* No current directory is granted: paths resolve against preopens only. */
HOST_FN(initial_cwd) { return wasi_val_case(call->arena, RT_CT_OPTION, 0, NULL, result); }

/* exit ends the run with a trap; rt_wasi_exit_code tells the status. */
static bool exit_with(rt_wasi *w, int code, rt_trap *trap)
{
    w->exited = true;
    w->exit_code = code;
    char text[64];
    snprintf(text, sizeof text, "wasi:cli/exit: exit with status %d", code);
    rt_trap_set(trap, RT_TRAP_HOST, text);
    return false;
}

HOST_FN(cli_exit) { return exit_with(user, args[0].of.cases.index == 0 ? 0 : 1, trap); }
HOST_FN(cli_exit_with_code) { return exit_with(user, (int)args[0].of.u, trap); }

/* A new stream over a duplicate of a standard descriptor (the stream owns
 * and closes its copy). */
static bool stdio_stream(rt_wasi *w, int fd, bool input, rt_cval *result, rt_trap *trap)
{
    int own = -1;
    bool gone = fd == WASI_FD_CLOSED;
    if (fd >= 0 && (own = dup(fd)) < 0) {
        /* The tool was started with this descriptor closed: the guest
         * sees a closed stream. */
        if (errno != EBADF) {
            char text[128];
            snprintf(text, sizeof text, "cannot duplicate descriptor %d: %s", fd, strerror(errno));
            return wasi_trap(trap, text);
        }
        gone = true;
    }
    uint32_t rep = input ? wasi_input_stream_new(w, own, WASI_STREAM_PIPE, 0)
                         : wasi_output_stream_new(w, own, WASI_STREAM_PIPE, 0);
    if (!rep) {
        if (own >= 0)
            close(own);
        return wasi_trap(trap, "out of memory");
    }
    wasi_obj_get(w, rep, input ? WOBJ_INPUT : WOBJ_OUTPUT)->u.stream.closed = gone;
    *result = wasi_val_own(input ? w->t.input_stream : w->t.output_stream, rep);
    return true;
}

HOST_FN(get_stdin) { rt_wasi *w = user; return stdio_stream(w, w->stdin_fd, true, result, trap); }
HOST_FN(get_stdout) { rt_wasi *w = user; return stdio_stream(w, w->stdout_fd, false, result, trap); }
HOST_FN(get_stderr) { rt_wasi *w = user; return stdio_stream(w, w->stderr_fd, false, result, trap); }

static bool terminal(rt_wasi *w, const rt_chost_call *call, int fd, bool input, rt_cval *result,
                     rt_trap *trap)
{
    if (fd < 0 || !isatty(fd))
        return wasi_val_case(call->arena, RT_CT_OPTION, 0, NULL, result) ||
               wasi_trap(trap, "out of memory");
    uint32_t rep;
    if (!wasi_obj_new(w, input ? WOBJ_TERMINAL_INPUT : WOBJ_TERMINAL_OUTPUT, &rep))
        return wasi_trap(trap, "out of memory");
    rt_cval h = wasi_val_own(input ? w->t.terminal_input : w->t.terminal_output, rep);
    return wasi_val_case(call->arena, RT_CT_OPTION, 1, &h, result) ||
           wasi_trap(trap, "out of memory");
}

HOST_FN(get_terminal_stdin) { rt_wasi *w = user; return terminal(w, call, w->stdin_fd, true, result, trap); }
HOST_FN(get_terminal_stdout) { rt_wasi *w = user; return terminal(w, call, w->stdout_fd, false, result, trap); }
HOST_FN(get_terminal_stderr) { rt_wasi *w = user; return terminal(w, call, w->stderr_fd, false, result, trap); }

static bool define_one(rt_wasi *w, rt_clinker *l, const char *iface, const char *name,
                       rt_chost_fn fn, const rt_cfunctype *type)
{
    wasi_func_def d = {name, fn, type};
    return wasi_define_funcs(w, l, iface, &d, 1);
}

/* environment, exit and terminal-* at `version`: the same functions for
 * 0.2 and 0.3, where only initial-cwd was renamed (`cwd_name`). */
bool wasi_define_cli_base(rt_wasi *w, rt_clinker *l, const char *version, const char *cwd_name)
{
    const wasi_types *t = &w->t;
    comp_arena *a = &w->arena;
    const rt_ctype *pair[] = {t->string, t->string};
    const rt_ctype *env_t = rt_ctype_list(a, rt_ctype_tuple(a, 2, pair));
    const rt_ctype *args_t = rt_ctype_list(a, t->string);
    const rt_ctype *cwd_t = rt_ctype_option(a, t->string);
    static const char *const status[] = {"status"};
    static const char *const status_code[] = {"status-code"};
    const rt_ctype *exit_p[] = {rt_ctype_result(a, NULL, NULL)};
    const rt_ctype *code_p[] = {t->u8};
    const rt_ctype *term_in = rt_ctype_option(a, rt_ctype_handle(a, RT_CT_OWN, t->terminal_input));
    const rt_ctype *term_out = rt_ctype_option(a, rt_ctype_handle(a, RT_CT_OWN, t->terminal_output));
    char env[64], ex[64], tin[64], tout[64], tsin[64], tsout[64], tserr[64];
    snprintf(env, sizeof env, "wasi:cli/environment@%s", version);
    snprintf(ex, sizeof ex, "wasi:cli/exit@%s", version);
    snprintf(tin, sizeof tin, "wasi:cli/terminal-input@%s", version);
    snprintf(tout, sizeof tout, "wasi:cli/terminal-output@%s", version);
    snprintf(tsin, sizeof tsin, "wasi:cli/terminal-stdin@%s", version);
    snprintf(tsout, sizeof tsout, "wasi:cli/terminal-stdout@%s", version);
    snprintf(tserr, sizeof tserr, "wasi:cli/terminal-stderr@%s", version);
    return define_one(w, l, env, "get-environment", get_environment, wasi_functype(w, 0, NULL, NULL, env_t)) &&
           define_one(w, l, env, "get-arguments", get_arguments, wasi_functype(w, 0, NULL, NULL, args_t)) &&
           define_one(w, l, env, cwd_name, initial_cwd, wasi_functype(w, 0, NULL, NULL, cwd_t)) &&
           define_one(w, l, ex, "exit", cli_exit, wasi_functype_void(w, 1, status, exit_p)) &&
           define_one(w, l, ex, "exit-with-code", cli_exit_with_code,
                      wasi_functype_void(w, 1, status_code, code_p)) &&
           rt_clinker_define_resource(l, tin, "terminal-input", t->terminal_input) &&
           rt_clinker_define_resource(l, tout, "terminal-output", t->terminal_output) &&
           define_one(w, l, tsin, "get-terminal-stdin", get_terminal_stdin,
                      wasi_functype(w, 0, NULL, NULL, term_in)) &&
           define_one(w, l, tsout, "get-terminal-stdout", get_terminal_stdout,
                      wasi_functype(w, 0, NULL, NULL, term_out)) &&
           define_one(w, l, tserr, "get-terminal-stderr", get_terminal_stderr,
                      wasi_functype(w, 0, NULL, NULL, term_out));
}

bool wasi_define_p2_cli(rt_wasi *w, rt_clinker *l)
{
    const wasi_types *t = &w->t;
    return wasi_define_cli_base(w, l, "0.2.12", "initial-cwd") &&
           define_one(w, l, "wasi:cli/stdin@0.2.12", "get-stdin", get_stdin,
                      wasi_functype(w, 0, NULL, NULL, t->own_input)) &&
           define_one(w, l, "wasi:cli/stdout@0.2.12", "get-stdout", get_stdout,
                      wasi_functype(w, 0, NULL, NULL, t->own_output)) &&
           define_one(w, l, "wasi:cli/stderr@0.2.12", "get-stderr", get_stderr,
                      wasi_functype(w, 0, NULL, NULL, t->own_output));
}
