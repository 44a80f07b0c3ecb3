/* wasi-run --invoke 'name(arg, ...)' COMPONENT: instantiates a component
 * (binary or text) with the WASI 0.2 and 0.3 hosts (as `wasmtime run
 * --invoke` does; --dir and --env as in the run mode), finds the function
 * at the root or in an exported instance, reads the arguments in WAVE
 * syntax by the parameter types, calls it and prints the result in WAVE
 * syntax. A wasi:cli/exit during the call ends the tool with the guest's
 * status. */
#include "wasi_run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/buf.h"
#include "comp/module.h"
#include "rt/component.h"
#include "rt/wasi.h"
#include "rt/wave.h"

/* A function found by name, and how it was found (for messages). */
typedef struct found_func {
    rt_cfunc *func;
    char *instance; /* the exported instance it is in; NULL: the root */
} found_func;

/* `iface#func`, `iface.func`: the function inside exported instance
 * `iface`, trying every '#' then '.' split from the right. */
static bool find_in_instance(const rt_cinstance *root, char *name, char sep, found_func *out)
{
    for (char *at = strrchr(name, sep); at; ) {
        *at = '\0';
        rt_cinstance *sub = rt_cinstance_instance(root, name);
        rt_cfunc *f = sub ? rt_cinstance_func(sub, at + 1) : NULL;
        if (f) {
            out->func = f;
            out->instance = name;
            return true;
        }
        char *prev = NULL;
        for (char *p = name; p < at; p++)
            if (*p == sep)
                prev = p;
        *at = sep;
        at = prev;
    }
    return false;
}

static bool find_func(const rt_cinstance *root, char *name, found_func *out)
{
    out->instance = NULL;
    if ((out->func = rt_cinstance_func(root, name)))
        return true;
    return find_in_instance(root, name, '#', out) || find_in_instance(root, name, '.', out);
}

/* Lists what can be invoked: root functions and functions of exported
 * instances (one level), for the "no such export" message. */
static void list_functions(const rt_cinstance *root)
{
    fprintf(stderr, "  exported functions:");
    unsigned shown = 0;
    for (uint32_t i = 0; i < rt_cinstance_export_count(root); i++) {
        comp_str name;
        uint8_t sort;
        if (!rt_cinstance_export_at(root, i, &name, &sort))
            continue;
        if (sort == COMP_SORT_FUNC) {
            fprintf(stderr, " %.*s", (int)name.len, name.data);
            shown++;
            continue;
        }
        if (sort != COMP_SORT_INSTANCE)
            continue;
        char iname[512];
        snprintf(iname, sizeof iname, "%.*s", (int)name.len, name.data);
        const rt_cinstance *sub = rt_cinstance_instance(root, iname);
        for (uint32_t k = 0; sub && k < rt_cinstance_export_count(sub); k++) {
            comp_str fname;
            uint8_t fsort;
            if (rt_cinstance_export_at(sub, k, &fname, &fsort) && fsort == COMP_SORT_FUNC) {
                fprintf(stderr, " %s#%.*s", iname, (int)fname.len, fname.data);
                shown++;
            }
        }
    }
    fprintf(stderr, "%s\n", shown ? "" : " none");
}

/* The call text with a caret under `offset`, after a message. */
static void show_at(const char *text, size_t offset, const char *message)
{
    fprintf(stderr, "wasi-run: --invoke: %s\n  %s\n  %*s^\n", message, text, (int)offset, "");
}

/* Writes the parameter list as WIT: `(a: u32, b: string)`. */
static void print_signature(const char *name, const rt_cfunctype *ft)
{
    fprintf(stderr, "  %s takes %u argument%s", name, rt_cfunctype_param_count(ft),
            rt_cfunctype_param_count(ft) == 1 ? "" : "s");
    for (uint32_t i = 0; i < rt_cfunctype_param_count(ft); i++) {
        comp_str p = rt_cfunctype_param_name(ft, i);
        fprintf(stderr, "%s%.*s", i ? ", " : ": ", (int)p.len, p.data);
    }
    fprintf(stderr, "\n");
}

/* Parses the call, converts the arguments, calls and prints. */
static int call(const run_options *o, rt_cstore *store, const rt_cinstance *inst,
                const rt_wasi *w, const char *text, comp_arena *arena)
{
    comp_error err = {0};
    rt_wave_call c;
    if (!rt_wave_parse_call(text, strlen(text), arena, &c, &err)) {
        show_at(text, err.offset, err.message);
        return EXIT_USAGE;
    }
    char *name = comp_arena_strndup(arena, c.name.data, c.name.len);
    if (!name) {
        fprintf(stderr, "wasi-run: out of memory\n");
        return EXIT_FAILED;
    }
    found_func found;
    if (!find_func(inst, name, &found)) {
        fprintf(stderr, "wasi-run: --invoke: the component exports no function \"%s\" "
                "(at the root, as INSTANCE#NAME or as INSTANCE.NAME)\n", name);
        list_functions(inst);
        return EXIT_FAILED;
    }
    const rt_cfunctype *ft = rt_cfunc_type(found.func);
    uint32_t params = rt_cfunctype_param_count(ft);
    if (c.arg_count != params) {
        fprintf(stderr, "wasi-run: --invoke: \"%.*s\" takes %u argument%s, got %u\n",
                (int)c.name.len, c.name.data, params, params == 1 ? "" : "s", c.arg_count);
        print_signature(name, ft);
        return EXIT_USAGE;
    }
    rt_cval *args = comp_arena_array(arena, params ? params : 1, sizeof *args);
    if (!args) {
        fprintf(stderr, "wasi-run: out of memory\n");
        return EXIT_FAILED;
    }
    for (uint32_t i = 0; i < params; i++) {
        if (!rt_wave_to_cval(&c.args[i], rt_cfunctype_param(ft, i), arena, &args[i], &err)) {
            comp_str p = rt_cfunctype_param_name(ft, i);
            char message[400];
            snprintf(message, sizeof message, "argument %u (%.*s): %s", i + 1, (int)p.len,
                     p.data, err.message);
            show_at(text, err.offset, message);
            return EXIT_USAGE;
        }
    }
    if (o->fuel)
        rt_store_set_fuel(rt_cstore_core(store), o->fuel);
    rt_cval result;
    rt_trap trap = {0};
    if (!rt_cfunc_call(found.func, args, params, &result, arena, &trap)) {
        int code;
        if (rt_wasi_exit_code(w, &code)) {
            fflush(stdout);
            return code;
        }
        fprintf(stderr, "error: trap: %s\n", trap.message);
        print_trap_backtrace(stderr, &trap);
        return EXIT_FAILED;
    }
    const rt_ctype *rt = rt_cfunctype_result(ft);
    if (rt) {
        comp_buf out = {0};
        rt_wave_print(&out, &result, rt);
        comp_buf_byte(&out, '\n');
        if (out.oom) {
            comp_buf_free(&out);
            fprintf(stderr, "wasi-run: out of memory\n");
            return EXIT_FAILED;
        }
        fwrite(out.data, 1, out.len, stdout);
        comp_buf_free(&out);
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

/* The WASI host an invoked component sees: its file's base name as the
 * only argument, --env / --inherit-env and --dir as in the run mode, the
 * tool's stdio. NULL with the message printed. */
static rt_wasi *invoke_wasi(const run_options *o, const loaded *l)
{
    uint32_t env_count = 0;
    const char **env = build_env(o, &env_count);
    if (!env) {
        fprintf(stderr, "wasi-run: out of memory\n");
        return NULL;
    }
    const char *argv[1] = {program_name(l->path)};
    rt_wasi_config config = {
        .args = argv, .arg_count = 1,
        .env = env, .env_count = env_count,
        .preopens = o->preopens, .preopen_count = o->preopen_count,
        .stdin_fd = 0, .stdout_fd = 1, .stderr_fd = 2,
    };
    comp_error err = {0};
    rt_wasi *w = rt_wasi_new(&config, &err);
    if (!w)
        fprintf(stderr, "wasi-run: %s\n", err.message);
    free(env);
    return w;
}

int component_invoke(const run_options *o, const loaded *l, const char *call_text)
{
    /* A closed pipe on stdout is the guest's stream error, not our death. */
    signal(SIGPIPE, SIG_IGN);
    comp_error err = {0};
    rt_component *comp = rt_component_new(l->binary, l->binary_len, COMP_FEATURES_DEFAULT, &err);
    if (!comp) {
        loaded_report(l, &err, false);
        return EXIT_FAILED;
    }
    int rc = EXIT_FAILED;
    comp_arena arena;
    comp_arena_init(&arena);
    /* A bare name is a call without arguments. */
    char *text = NULL;
    if (!strchr(call_text, '(')) {
        size_t n = strlen(call_text);
        text = malloc(n + 3);
        if (text) {
            memcpy(text, call_text, n);
            memcpy(text + n, "()", 3);
        }
    }
    rt_wasi *w = invoke_wasi(o, l);
    rt_cstore *store = rt_cstore_new(NULL);
    rt_clinker *linker = rt_clinker_new();
    if (!w) {
        rc = EXIT_USAGE;
        goto done;
    }
    if (!store || !linker || (!text && !strchr(call_text, '(')) ||
        !rt_wasi_define_p2(w, linker) || !rt_wasi_define_p3(w, linker)) {
        fprintf(stderr, "wasi-run: out of memory\n");
        goto done;
    }
    if (o->fuel)
        rt_store_set_fuel(rt_cstore_core(store), o->fuel);
    rt_cinstance *inst = NULL;
    rt_trap trap = {0};
    int code;
    if (!rt_cinstantiate(store, linker, comp, &inst, &trap)) {
        if (rt_wasi_exit_code(w, &code))
            rc = code;
        else if (trap.kind == RT_TRAP_LINK)
            fprintf(stderr, "%s: error: %s (--invoke provides the WASI 0.2 and 0.3 "
                    "interfaces only)\n", l->path, trap.message);
        else
            fprintf(stderr, "error: trap: %s\n", trap.message);
        goto done;
    }
    rc = call(o, store, inst, w, text ? text : call_text, &arena);
done:
    free(text);
    if (w)
        rt_wasi_end_run(w);
    if (store)
        rt_cstore_free(store);
    if (linker)
        rt_clinker_free(linker);
    rt_wasi_free(w);
    rt_component_free(comp);
    comp_arena_free(&arena);
    return rc;
}
