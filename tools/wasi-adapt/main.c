/* wasi-adapt: core modules into components (wit/component_new.h). Argument
 * parsing, file handling and exit codes only. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/buf.h"
#include "comp/file.h"
#include "preview1/adapter_preview1.h"
#include "wit/component_new.h"

#define VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };
enum { MAX_ADAPTERS = 64 };

static const char usage[] =
    "usage: wasi-adapt new MODULE.wasm -o OUT.wasm [--adapt NAME=ADAPTER.wasm]... [--wasi command|reactor]\n"
    "       wasi-adapt p1-to-p2 MODULE.wasm -o OUT.wasm [--wasi command|reactor]\n"
    "                          [--adapt NAME=ADAPTER.wasm]...\n"
    "\n"
    "Turns a core module into a component, as `wasm-tools component new` does:\n"
    "its component-type custom sections give the world, imports of interface\n"
    "functions are lowered, imports of an adapter's module name (such as\n"
    "wasi_snapshot_preview1) are satisfied by that adapter, and world exports\n"
    "are lifted.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT   the component to write (written atomically)\n"
    "      --adapt NAME=ADAPTER.wasm\n"
    "                     adapter module implementing imports of module NAME;\n"
    "                     ADAPTER.wasm alone means wasi_snapshot_preview1\n"
    "      --wasi KIND    the bundled preview1 adapter, command or reactor; by\n"
    "                     default it is used when the module imports\n"
    "                     wasi_snapshot_preview1 (and always by p1-to-p2), as a\n"
    "                     command when the module exports _start\n"
    "  -h, --help         show this help and exit\n"
    "      --version      show the version and exit\n"
    "\n"
    "exit status: 0 success, 1 the module cannot be adapted, 2 usage or I/O error\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wasi-adapt: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'wasi-adapt --help'.\n", stderr);
    return EXIT_USAGE;
}

typedef struct args {
    const char *module, *output, *wasi;
    const char *adapt_names[MAX_ADAPTERS], *adapt_paths[MAX_ADAPTERS];
    int adapt_count;
} args;

static int parse(int argc, char **argv, args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-o") || !strcmp(s, "--output")) {
            if (++i >= argc)
                return usage_error("%s needs a file name", s);
            a->output = argv[i];
        } else if (!strcmp(s, "--adapt")) {
            if (++i >= argc)
                return usage_error("--adapt needs NAME=ADAPTER.wasm");
            if (a->adapt_count == MAX_ADAPTERS)
                return usage_error("at most %d adapters", MAX_ADAPTERS);
            const char *eq = strchr(argv[i], '=');
            a->adapt_names[a->adapt_count] = "wasi_snapshot_preview1";
            a->adapt_paths[a->adapt_count] = argv[i];
            if (eq) {
                if (eq == argv[i] || !eq[1])
                    return usage_error("--adapt expects NAME=ADAPTER.wasm, got '%s'", argv[i]);
                *(char *)eq = 0; /* argv strings are writable */
                a->adapt_names[a->adapt_count] = argv[i];
                a->adapt_paths[a->adapt_count] = eq + 1;
            }
            a->adapt_count++;
        } else if (!strcmp(s, "--wasi")) {
            if (++i >= argc || (strcmp(argv[i], "command") && strcmp(argv[i], "reactor")))
                return usage_error("--wasi expects command or reactor");
            a->wasi = argv[i];
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else if (a->module) {
            return usage_error("one module only (also got '%s')", s);
        } else {
            a->module = s;
        }
    }
    if (!a->module)
        return usage_error("missing MODULE.wasm");
    if (!a->output)
        return usage_error("missing -o OUT.wasm");
    return -1;
}

/* The bundled preview1 adapter goes in when asked for (--wasi, p1-to-p2)
 * or when the module imports wasi_snapshot_preview1 and no --adapt gives
 * that module; its kind is --wasi's, else command when the module exports
 * `_start`. Returns -1 to go on, else the exit code. */
static int choose_bundled(const args *a, bool p1_to_p2, const uint8_t *module, size_t len,
                          wit_cnew_adapter *bundled, const char **label)
{
    bool given = false;
    for (int i = 0; i < a->adapt_count; i++)
        given |= !strcmp(a->adapt_names[i], "wasi_snapshot_preview1");
    if (given && a->wasi)
        return usage_error("--wasi and --adapt wasi_snapshot_preview1=... both give the preview1 adapter");
    wit_cnew_wasi_kind kind;
    bool imports_p1;
    comp_error err = {0};
    if (!wit_cnew_wasi_detect(module, len, &kind, &imports_p1, &err)) {
        fprintf(stderr, "%s:%zu: error: %s\n", a->module, err.offset, err.message);
        return EXIT_INVALID;
    }
    if (given || !(a->wasi || p1_to_p2 || imports_p1))
        return -1;
    if (a->wasi)
        kind = !strcmp(a->wasi, "reactor") ? WIT_CNEW_WASI_REACTOR : WIT_CNEW_WASI_COMMAND;
    bundled->name = "wasi_snapshot_preview1";
    if (kind == WIT_CNEW_WASI_COMMAND) {
        bundled->data = adapter_preview1_command;
        bundled->len = adapter_preview1_command_len;
        *label = "<bundled preview1 command adapter>";
    } else {
        bundled->data = adapter_preview1_reactor;
        bundled->len = adapter_preview1_reactor_len;
        *label = "<bundled preview1 reactor adapter>";
    }
    return -2;
}

static int run(const args *a, bool p1_to_p2)
{
    int status = EXIT_OK;
    uint8_t *module = NULL;
    size_t len = 0;
    uint8_t *data[MAX_ADAPTERS] = {0};
    wit_cnew_adapter adapters[MAX_ADAPTERS + 1];
    const char *files[MAX_ADAPTERS + 1];
    int count = a->adapt_count;
    comp_error err = {0};
    comp_buf out = {0};
    if (!comp_read_file(a->module, &module, &len, &err)) {
        fprintf(stderr, "wasi-adapt: %s: %s\n", a->module, err.message);
        status = EXIT_USAGE;
        goto done;
    }
    for (int i = 0; i < a->adapt_count; i++) {
        if (!comp_read_file(a->adapt_paths[i], &data[i], &adapters[i].len, &err)) {
            fprintf(stderr, "wasi-adapt: %s: %s\n", a->adapt_paths[i], err.message);
            status = EXIT_USAGE;
            goto done;
        }
        adapters[i].name = a->adapt_names[i];
        adapters[i].data = data[i];
        files[i] = a->adapt_paths[i];
    }
    status = choose_bundled(a, p1_to_p2, module, len, &adapters[count], &files[count]);
    if (status == -2)
        count++;
    else if (status >= 0)
        goto done;
    status = EXIT_OK;
    if (!wit_component_new(module, len, adapters, (size_t)count, &out, &err)) {
        /* Messages about an adapter name it; offsets are in that file. */
        const char *file = a->module;
        for (int i = 0; i < count; i++) {
            char who[300];
            snprintf(who, sizeof who, "adapter `%s`", adapters[i].name);
            if (!strncmp(err.message, who, strlen(who)))
                file = files[i];
        }
        fprintf(stderr, "%s:%zu: error: %s\n", file, err.offset, err.message);
        status = EXIT_INVALID;
        goto done;
    }
    if (out.oom) {
        fprintf(stderr, "wasi-adapt: out of memory\n");
        status = EXIT_INVALID;
    } else if (!comp_write_file(a->output, out.data, out.len, &err)) {
        fprintf(stderr, "wasi-adapt: %s: %s\n", a->output, err.message);
        status = EXIT_USAGE;
    }
done:
    free(module);
    for (int i = 0; i < a->adapt_count; i++)
        free(data[i]);
    comp_buf_free(&out);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("missing command (new or p1-to-p2)");
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("wasi-adapt " VERSION "\n");
        return EXIT_OK;
    }
    bool is_new = !strcmp(argv[1], "new"), p1 = !strcmp(argv[1], "p1-to-p2");
    if (!is_new && !p1)
        return usage_error("unknown command '%s' (expected new or p1-to-p2)", argv[1]);
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
    args a = {0};
    int status = parse(argc - 2, argv + 2, &a);
    return status >= 0 ? status : run(&a, p1);
}
