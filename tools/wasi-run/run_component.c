/* wasi-run COMPONENT [ARGS...]: instantiates a component with the WASI 0.2
 * and 0.3 hosts (real toolchain output imports both) and calls its
 * wasi:cli/run `run`: 0.3.x's (an `async` function: the call runs the
 * event loop until it returns) when exported, else 0.2.x's. The exit status
 * is the guest's: wasi:cli/exit's code, 0 when run returns ok, 1 when it
 * returns err or traps. */
#include "wasi_run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/module.h"
#include "rt/component.h"
#include "rt/wasi.h"

extern char **environ;

/* The program name the guest sees: the file's base name, as wasmtime
 * passes it (no directories leak into the guest). */
const char *program_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Length of the KEY in "KEY=VALUE" (or all of a bare "KEY"). */
static size_t key_len(const char *kv)
{
    const char *eq = strchr(kv, '=');
    return eq ? (size_t)(eq - kv) : strlen(kv);
}

/* The guest's environment: the host's with --inherit-env, then each --env
 * (KEY=VALUE sets, a bare KEY copies the host's value), a later setting of
 * a key replacing an earlier one. */
const char **build_env(const run_options *o, uint32_t *count)
{
    size_t host = 0;
    if (o->inherit_env)
        while (environ[host])
            host++;
    const char **env = calloc(host + o->env_count + 1, sizeof *env);
    if (!env)
        return NULL;
    uint32_t n = 0;
    for (size_t i = 0; i < host; i++)
        if (strchr(environ[i], '='))
            env[n++] = environ[i];
    for (uint32_t i = 0; i < o->env_count; i++) {
        const char *kv = o->env[i];
        if (!strchr(kv, '=')) {
            /* --env KEY: the host's value, if it has one */
            const char *k = kv;
            kv = NULL;
            for (size_t h = 0; environ[h] && !kv; h++)
                if (key_len(environ[h]) == strlen(k) && strncmp(environ[h], k, strlen(k)) == 0 &&
                    environ[h][strlen(k)] == '=')
                    kv = environ[h];
            if (!kv)
                continue;
        }
        uint32_t at = n;
        for (uint32_t k = 0; k < n; k++)
            if (key_len(env[k]) == key_len(kv) && strncmp(env[k], kv, key_len(kv)) == 0)
                at = k;
        env[at] = kv;
        if (at == n)
            n++;
    }
    *count = n;
    return env;
}

/* The `run` of the exported wasi:cli/run instance whose version starts
 * with `prefix` ("wasi:cli/run@0.3."), or NULL. */
static rt_cfunc *find_run_of(const rt_cinstance *inst, const char *prefix)
{
    size_t prefix_len = strlen(prefix);
    for (uint32_t i = 0; i < rt_cinstance_export_count(inst); i++) {
        comp_str name;
        uint8_t sort;
        if (!rt_cinstance_export_at(inst, i, &name, &sort) || sort != COMP_SORT_INSTANCE ||
            name.len < prefix_len || memcmp(name.data, prefix, prefix_len) != 0)
            continue;
        char buf[256];
        if (name.len >= sizeof buf)
            continue;
        memcpy(buf, name.data, name.len);
        buf[name.len] = '\0';
        rt_cinstance *run = rt_cinstance_instance(inst, buf);
        rt_cfunc *f = run ? rt_cinstance_func(run, "run") : NULL;
        if (f)
            return f;
    }
    return NULL;
}

/* 0.3 when the component exports it, else 0.2. */
static rt_cfunc *find_run(const rt_cinstance *inst)
{
    rt_cfunc *f = find_run_of(inst, "wasi:cli/run@0.3.");
    return f ? f : find_run_of(inst, "wasi:cli/run@0.2.");
}

static void print_trap(const char *path, const rt_trap *trap)
{
    fprintf(stderr, "wasi-run: %s: trap: %s\n", path, trap->message);
    if (trap->func_index != UINT32_MAX)
        fprintf(stderr, "  in function %u%s%s%s at offset %zu\n", trap->func_index,
                trap->func_name[0] ? " (" : "", trap->func_name, trap->func_name[0] ? ")" : "",
                trap->offset);
    print_trap_backtrace(stderr, trap);
}

/* Instantiates and runs; returns the exit code. */
static int run(const run_options *o, const loaded *l, rt_component *comp, rt_wasi *w)
{
    rt_clinker *linker = rt_clinker_new();
    rt_cstore *store = rt_cstore_new(NULL);
    comp_arena arena;
    comp_arena_init(&arena);
    int rc = EXIT_FAILED;
    if (!linker || !store || !rt_wasi_define_p2(w, linker) ||
        !rt_wasi_define_p3(w, linker)) {
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
            fprintf(stderr, "wasi-run: %s: cannot instantiate: %s\n", l->path, trap.message);
        else
            print_trap(l->path, &trap);
        goto done;
    }
    rt_cfunc *f = find_run(inst);
    if (!f) {
        fprintf(stderr, "wasi-run: %s: the component exports no wasi:cli/run@0.2.x or @0.3.x "
                "with a run function (is it a command?)\n", l->path);
        goto done;
    }
    rt_cval result;
    if (!rt_cfunc_call(f, NULL, 0, &result, &arena, &trap)) {
        if (rt_wasi_exit_code(w, &code))
            rc = code;
        else
            print_trap(l->path, &trap);
        goto done;
    }
    rc = result.kind == RT_CT_RESULT && result.of.cases.index == 0 ? EXIT_OK : EXIT_FAILED;
done:
    rt_wasi_end_run(w);
    if (store)
        rt_cstore_free(store);
    if (linker)
        rt_clinker_free(linker);
    comp_arena_free(&arena);
    return rc;
}

int run_main(const run_options *o, const char *path, char **args, int arg_count)
{
    /* A closed pipe on stdout is the guest's stream error, not our death. */
    signal(SIGPIPE, SIG_IGN);
    loaded l = {.path = path};
    int rc = loaded_load(&l);
    if (rc >= 0) {
        loaded_free(&l);
        return rc;
    }
    rc = EXIT_FAILED;
    const char **argv = calloc((size_t)arg_count + 1, sizeof *argv);
    uint32_t env_count = 0;
    const char **env = build_env(o, &env_count);
    rt_component *comp = NULL;
    rt_wasi *w = NULL;
    if (!argv || !env) {
        fprintf(stderr, "wasi-run: out of memory\n");
        goto done;
    }
    if (!l.component && (rc = adapt_core_module(&l)) >= 0)
        goto done;
    rc = EXIT_FAILED;
    comp_error err = {0};
    if (!(comp = rt_component_new(l.binary, l.binary_len, COMP_FEATURES_DEFAULT, &err))) {
        loaded_report(&l, &err, false);
        goto done;
    }
    argv[0] = program_name(path);
    for (int i = 0; i < arg_count; i++)
        argv[i + 1] = args[i];
    rt_wasi_config config = {
        .args = argv, .arg_count = (uint32_t)arg_count + 1,
        .env = env, .env_count = env_count,
        .preopens = o->preopens, .preopen_count = o->preopen_count,
        .stdin_fd = 0, .stdout_fd = 1, .stderr_fd = 2,
    };
    if (!(w = rt_wasi_new(&config, &err))) {
        fprintf(stderr, "wasi-run: %s\n", err.message);
        rc = EXIT_USAGE;
        goto done;
    }
    rc = run(o, &l, comp, w);
done:
    rt_wasi_free(w);
    if (comp)
        rt_component_free(comp);
    free(argv);
    free(env);
    loaded_free(&l);
    return rc;
}
