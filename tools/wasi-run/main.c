/* wasi-run: runs WebAssembly: WASI 0.2 command components (wasi:cli/run),
 * spec scripts (--wast), and one export of a core module or component
 * (--invoke). Parses arguments, calls the runtime, maps errors to exit
 * codes: running a component, the guest's exit code (1 for a trap);
 * otherwise 0 success, 1 a failed check, trap or invalid input, 2 usage or
 * I/O error. */
#include "wasi_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keep in step with VERSION in the Makefile. */
#define WASI_RUN_VERSION "0.1.0"

static const char usage_text[] =
    "Usage: wasi-run [OPTIONS] COMPONENT [ARGS...]\n"
    "       wasi-run [OPTIONS] --wast FILE.wast...\n"
    "       wasi-run [OPTIONS] --invoke NAME [ARGS...] MODULE\n"
    "       wasi-run [OPTIONS] --invoke 'NAME(ARG, ...)' COMPONENT\n"
    "Run a WASI 0.2 command component, WebAssembly spec scripts, or one export\n"
    "of a module or component.\n"
    "\n"
    "  COMPONENT [ARGS...]\n"
    "                    instantiate COMPONENT with the WASI 0.2 hosts and call\n"
    "                    its wasi:cli/run `run`; the guest gets ARGS (after its\n"
    "                    program name), stdin, stdout and stderr, and nothing\n"
    "                    else unless granted below; exit with its exit code\n"
    "  --wast FILE...    run each script (core modules and components); print\n"
    "                    FILE:LINE: FAIL: ... for every failed check, then\n"
    "                    'FILE: N passed, N failed' per file and the total\n"
    "  --invoke NAME     instantiate MODULE (.wasm or .wat, no imports), call its\n"
    "                    export NAME with ARGS parsed by the parameter types\n"
    "                    (integers in decimal or 0x hex; floats, inf, nan) and\n"
    "                    print the results one per line\n"
    "  --invoke 'NAME(ARG, ...)'\n"
    "                    instantiate COMPONENT (WASI hosts), call the function\n"
    "                    NAME (at the root, or INSTANCE#NAME / INSTANCE.NAME in an\n"
    "                    exported instance) with arguments in WAVE syntax (1, -2.5,\n"
    "                    'c', \"text\", [1, 2], (1, \"a\"), {field: 1}, {flag, ...},\n"
    "                    case(payload), some(1), none, ok(1), err(\"e\")) and print\n"
    "                    the result in WAVE syntax\n"
    "\n"
    "Options for COMPONENT (before it; everything after it is the guest's):\n"
    "  --dir HOST[::GUEST]     give the guest directory HOST as GUEST (default:\n"
    "                    HOST as written)\n"
    "  --dir-ro HOST[::GUEST]  the same, read-only\n"
    "  --env KEY=VALUE   set a guest environment variable; --env KEY copies the\n"
    "                    host's value\n"
    "  --inherit-env     give the guest the whole host environment\n"
    "\n"
    "Options:\n"
    "  --fuel N          stop wasm code after N calls and loop iterations\n"
    "                    (--wast: per action)\n"
    "  -v, --verbose     --wast: show what spectest print functions print\n"
    "  --exceptions      --wast: core modules may use exception handling (tags,\n"
    "                    throw, try_table, exnref); scripts are wasm 2.0 otherwise\n"
    "  -h, --help        show this help and exit\n"
    "      --version     show the version and exit\n"
    "\n"
    "Exit status: running COMPONENT, the guest's exit code (0 when run returns\n"
    "ok, 1 when it returns err or traps); otherwise 0 success, 1 a failed\n"
    "check, trap or invalid module; 2 usage or I/O error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("wasi-run: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'wasi-run --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_fuel(const char *text, uint64_t *out)
{
    if (!text || text[0] < '0' || text[0] > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(text, &end, 10);
    if (errno == ERANGE || *end || n == 0)
        return false;
    *out = n;
    return true;
}

/* --dir HOST[::GUEST] */
static bool parse_dir(const char *text, bool read_only, rt_wasi_preopen *out)
{
    if (!text || !*text)
        return false;
    const char *sep = strstr(text, "::");
    out->read_only = read_only;
    out->host_path = text;
    out->guest_path = text;
    if (sep) {
        char *host = strndup(text, (size_t)(sep - text));
        if (!host || !*host || !sep[2]) {
            free(host);
            return false;
        }
        out->host_path = host;
        out->guest_path = sep + 2;
    }
    return true;
}

static void free_options(run_options *o)
{
    for (uint32_t i = 0; i < o->preopen_count; i++)
        if (o->preopens[i].host_path != o->preopens[i].guest_path)
            free((char *)o->preopens[i].host_path);
    free(o->preopens);
    free(o->env);
}

/* Options, then the mode they lead to; returns the exit code. */
static int options_then_mode(run_options *op, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        }
        if (strcmp(a, "--version") == 0) {
            puts("wasi-run " WASI_RUN_VERSION);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        }
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            op->verbose = true;
        } else if (strcmp(a, "--exceptions") == 0) {
            op->exceptions = true;
        } else if (strcmp(a, "--fuel") == 0) {
            if (!parse_fuel(i + 1 < argc ? argv[i + 1] : NULL, &op->fuel))
                return usage_error("--fuel needs a positive integer, got '%s'",
                                   i + 1 < argc ? argv[i + 1] : "");
            i++;
        } else if (strcmp(a, "--wast") == 0) {
            /* Everything after --wast is a script. */
            if (i + 1 >= argc)
                return usage_error("%s needs at least one FILE.wast", a);
            return wast_main(op, argv + i + 1, argc - i - 1);
        } else if (strcmp(a, "--invoke") == 0) {
            /* NAME, then ARGS (which may look like options: -1), then MODULE. */
            if (i + 2 >= argc)
                return usage_error("%s needs NAME and MODULE", a);
            return invoke_main(op, argv[i + 1], argv + i + 2, argc - i - 3, argv[argc - 1]);
        } else if (strcmp(a, "--dir") == 0 || strcmp(a, "--dir-ro") == 0) {
            const char *v = i + 1 < argc ? argv[i + 1] : NULL;
            if (!parse_dir(v, a[5] == '-', &op->preopens[op->preopen_count]))
                return usage_error("--dir needs HOST or HOST::GUEST, got '%s'", v ? v : "");
            op->preopen_count++;
            i++;
        } else if (strcmp(a, "--env") == 0) {
            const char *v = i + 1 < argc ? argv[i + 1] : NULL;
            if (!v || !*v || *v == '=')
                return usage_error("--env needs KEY=VALUE or KEY, got '%s'", v ? v : "");
            op->env[op->env_count++] = v;
            i++;
        } else if (strcmp(a, "--inherit-env") == 0) {
            op->inherit_env = true;
        } else if (strcmp(a, "--") == 0 && i + 1 < argc) {
            return run_main(op, argv[i + 1], argv + i + 2, argc - i - 2);
        } else if (a[0] != '-' || strcmp(a, "-") == 0) {
            /* The component; everything after it belongs to the guest. */
            return run_main(op, a, argv + i + 1, argc - i - 1);
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    return usage_error("%s", "give COMPONENT [ARGS...], --wast FILE... or --invoke NAME [ARGS...] MODULE");
}

int main(int argc, char **argv)
{
    run_options o = {0};
    o.preopens = calloc((size_t)argc, sizeof *o.preopens);
    o.env = calloc((size_t)argc, sizeof *o.env);
    int rc;
    if (!o.preopens || !o.env) {
        fputs("wasi-run: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else {
        rc = options_then_mode(&o, argc, argv);
    }
    free_options(&o);
    return rc;
}
