/* wasi-run --invoke NAME [ARGS...] MODULE: instantiates a core module (binary
 * or text) with no imports, calls one exported function with arguments
 * parsed by its parameter types, and prints the results one per line.
 * Components go to invoke_component.c. */
#include "wasi_run.h"
#include "comp/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/diag.h"
#include "comp/module.h"
#include "comp/wasm.h"
#include "comp/wat.h"

/* WebAssembly text starts with '(' or a comment after blanks. */
static bool is_text(const uint8_t *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    return i < len && (data[i] == '(' || data[i] == ';');
}

void loaded_report(const loaded *l, const comp_error *err, bool text_offset)
{
    comp_error at = *err;
    size_t text_pos;
    const char *src = NULL;
    if (l->text && text_offset) {
        src = (const char *)l->file;
    } else if (l->text && comp_wat_srcmap_find(&l->map, err->offset, &text_pos)) {
        at.offset = text_pos;
        src = (const char *)l->file;
    }
    if (!src) {
        fprintf(stderr, "%s:%zu: error: %s\n", l->path, at.offset, at.message);
        return;
    }
    comp_buf b = {0};
    comp_diag_render(&b, l->path, src, l->file_len, &at);
    if (b.data && !b.oom)
        fwrite(b.data, 1, b.len, stderr);
    else
        fprintf(stderr, "%s: error: %s\n", l->path, at.message);
    comp_buf_free(&b);
}

int loaded_load(loaded *l)
{
    comp_error rerr;
    if (!comp_read_file(l->path, &l->file, &l->file_len, &rerr)) {
        fprintf(stderr, "wasi-run: %s: %s\n", l->path, rerr.message);
        return EXIT_USAGE;
    }
    if (!is_text(l->file, l->file_len)) {
        l->binary = l->file;
        l->binary_len = l->file_len;
        l->component = comp_wasm_detect(l->binary, l->binary_len) == COMP_WASM_COMPONENT;
        return -1;
    }
    l->text = true;
    comp_buf bin = {0};
    comp_error err = {0};
    if (!comp_wat_to_binary_mapped((const char *)l->file, l->file_len, &bin, &l->map, &err)) {
        comp_buf_free(&bin);
        loaded_report(l, &err, true);
        return EXIT_FAILED;
    }
    if (bin.oom) {
        comp_buf_free(&bin);
        fprintf(stderr, "wasi-run: %s: out of memory\n", l->path);
        return EXIT_FAILED;
    }
    l->component = comp_wasm_detect(bin.data, bin.len) == COMP_WASM_COMPONENT;
    l->binary = bin.data;
    l->binary_len = bin.len;
    return -1;
}

/* error: trap: MESSAGE, then where: the function and the instruction's
 * offset in the binary, or for text input its line and column. */
static void print_trap(const loaded *l, const rt_trap *trap)
{
    fprintf(stderr, "error: trap: %s\n", trap->message);
    if (trap->func_index == UINT32_MAX)
        return;
    fprintf(stderr, "  in function %u%s%s%s", trap->func_index, trap->func_name[0] ? " (" : "",
            trap->func_name, trap->func_name[0] ? ")" : "");
    size_t text_pos;
    if (l->text && trap->offset && comp_wat_srcmap_find(&l->map, trap->offset, &text_pos)) {
        uint32_t line, col;
        comp_diag_position((const char *)l->file, l->file_len, text_pos, &line, &col);
        fprintf(stderr, " at %s:%u:%u\n", l->path, line, col);
    } else {
        fprintf(stderr, " at offset %zu\n", trap->offset);
    }
    print_trap_backtrace(stderr, trap);
}

/* Calls `name` with `args` parsed by its parameter types and prints the
 * results. */
static int call_export(const loaded *l, const rt_instance *inst, const char *name, char **args,
                       int arg_count)
{
    rt_func *fn = rt_instance_func(inst, name);
    if (!fn) {
        fprintf(stderr, "%s: error: no exported function \"%s\"\n", l->path, name);
        return EXIT_FAILED;
    }
    const comp_functype *type = rt_func_type(fn);
    if ((uint32_t)arg_count != type->param_count) {
        fprintf(stderr, "wasi-run: \"%s\" takes %u argument%s (", name, type->param_count,
                type->param_count == 1 ? "" : "s");
        for (uint32_t i = 0; i < type->param_count; i++)
            fprintf(stderr, "%s%s", i ? " " : "", value_type_name(type->params[i]));
        fprintf(stderr, "), got %d\n", arg_count);
        return EXIT_USAGE;
    }
    rt_val *params = calloc(type->param_count ? type->param_count : 1, sizeof *params);
    rt_val *results = calloc(type->result_count ? type->result_count : 1, sizeof *results);
    int rc = EXIT_OK;
    if (!params || !results) {
        fprintf(stderr, "wasi-run: out of memory\n");
        rc = EXIT_FAILED;
        goto done;
    }
    for (uint32_t i = 0; i < type->param_count; i++) {
        char why[200];
        if (!value_parse(args[i], type->params[i], &params[i], why, sizeof why)) {
            fprintf(stderr, "wasi-run: argument %u of \"%s\": %s\n", i + 1, name, why);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    rt_trap trap = {0};
    if (!rt_call(fn, params, type->param_count, results, type->result_count, &trap)) {
        print_trap(l, &trap);
        rc = EXIT_FAILED;
        goto done;
    }
    for (uint32_t i = 0; i < type->result_count; i++) {
        char text[128];
        value_format(&results[i], text, sizeof text);
        printf("%s\n", text);
    }
    if (fflush(stdout) != 0)
        rc = EXIT_USAGE;
done:
    free(params);
    free(results);
    return rc;
}

int invoke_main(const run_options *o, const char *name, char **args, int arg_count,
                const char *module_path)
{
    loaded l = {.path = module_path};
    comp_arena arena;
    comp_arena_init(&arena);
    rt_module *mod = NULL;
    rt_store *store = NULL;
    int rc = loaded_load(&l);
    if (rc >= 0)
        goto done;
    if (l.component) {
        /* Components take one WAVE call: name(arg, ...). */
        if (arg_count) {
            fprintf(stderr, "wasi-run: --invoke on a component takes the arguments inside the "
                    "call, as in --invoke '%s(%s, ...)'\n", name, args[0]);
            rc = EXIT_USAGE;
        } else {
            rc = component_invoke(o, &l, name);
        }
        goto done;
    }
    comp_module *m = NULL;
    comp_error err = {0};
    if (!comp_module_decode(l.binary, l.binary_len, &arena, &m, &err) ||
        !(mod = rt_module_new(m, COMP_FEATURES_DEFAULT, &err))) {
        loaded_report(&l, &err, false);
        rc = EXIT_FAILED;
        goto done;
    }
    store = rt_store_new(NULL);
    if (!store) {
        fprintf(stderr, "wasi-run: out of memory\n");
        rc = EXIT_FAILED;
        goto done;
    }
    if (o->fuel)
        rt_store_set_fuel(store, o->fuel);
    rt_instance *inst = NULL;
    rt_trap trap = {0};
    if (!rt_instantiate(store, mod, NULL, 0, &inst, &trap)) {
        if (trap.kind == RT_TRAP_LINK && m->import_count)
            fprintf(stderr, "%s: error: the module imports \"%.*s\" \"%.*s\": --invoke "
                    "provides no imports\n", module_path, (int)m->imports[0].module.len,
                    m->imports[0].module.data, (int)m->imports[0].name.len,
                    m->imports[0].name.data);
        else
            print_trap(&l, &trap);
        rc = EXIT_FAILED;
        goto done;
    }
    rc = call_export(&l, inst, name, args, arg_count);
done:
    if (store)
        rt_store_free(store);
    if (mod)
        rt_module_free(mod);
    comp_arena_free(&arena);
    loaded_free(&l);
    return rc;
}

void loaded_free(loaded *l)
{
    if (l->binary != l->file)
        free(l->binary);
    free(l->file);
    comp_wat_srcmap_free(&l->map);
}
