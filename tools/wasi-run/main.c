/* wasi-run: runs WebAssembly. This first form runs spec scripts (--wast)
 * and calls one export of a core module or component (--invoke). Parses arguments,
 * calls the runtime, maps errors to exit codes: 0 success, 1 a failed
 * check, trap or invalid input, 2 usage or I/O error. */
#include "wasi_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keep in step with VERSION in the Makefile. */
#define WASI_RUN_VERSION "0.1.0"

static const char usage_text[] =
    "Usage: wasi-run [OPTIONS] --wast FILE.wast...\n"
    "       wasi-run [OPTIONS] --invoke NAME [ARGS...] MODULE\n"
    "       wasi-run [OPTIONS] --invoke 'NAME(ARG, ...)' COMPONENT\n"
    "Run WebAssembly spec scripts, or call one export of a module or component.\n"
    "\n"
    "  --wast FILE...    run each script (core modules and components); print\n"
    "                    FILE:LINE: FAIL: ... for every failed check, then\n"
    "                    'FILE: N passed, N failed' per file and the total\n"
    "  --invoke NAME     instantiate MODULE (.wasm or .wat, no imports), call its\n"
    "                    export NAME with ARGS parsed by the parameter types\n"
    "                    (integers in decimal or 0x hex; floats, inf, nan) and\n"
    "                    print the results one per line\n"
    "  --invoke 'NAME(ARG, ...)'\n"
    "                    instantiate COMPONENT (no imports), call the function\n"
    "                    NAME (at the root, or INSTANCE#NAME / INSTANCE.NAME in an\n"
    "                    exported instance) with arguments in WAVE syntax (1, -2.5,\n"
    "                    'c', \"text\", [1, 2], (1, \"a\"), {field: 1}, {flag, ...},\n"
    "                    case(payload), some(1), none, ok(1), err(\"e\")) and print\n"
    "                    the result in WAVE syntax\n"
    "\n"
    "Options:\n"
    "  --fuel N          stop wasm code after N calls and loop iterations\n"
    "                    (--wast: per action)\n"
    "  -v, --verbose     --wast: show what spectest print functions print\n"
    "  -h, --help        show this help and exit\n"
    "      --version     show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 a failed check, trap or invalid module,\n"
    "2 usage or I/O error.\n";

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

int main(int argc, char **argv)
{
    run_options o = {0};
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
            o.verbose = true;
        } else if (strcmp(a, "--fuel") == 0) {
            if (!parse_fuel(i + 1 < argc ? argv[i + 1] : NULL, &o.fuel))
                return usage_error("--fuel needs a positive integer, got '%s'",
                                   i + 1 < argc ? argv[i + 1] : "");
            i++;
        } else if (strcmp(a, "--wast") == 0) {
            /* Everything after --wast is a script. */
            if (i + 1 >= argc)
                return usage_error("%s needs at least one FILE.wast", a);
            return wast_main(&o, argv + i + 1, argc - i - 1);
        } else if (strcmp(a, "--invoke") == 0) {
            /* NAME, then ARGS (which may look like options: -1), then MODULE. */
            if (i + 2 >= argc)
                return usage_error("%s needs NAME and MODULE", a);
            return invoke_main(&o, argv[i + 1], argv + i + 2, argc - i - 3, argv[argc - 1]);
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    return usage_error("%s", "give --wast FILE... or --invoke NAME [ARGS...] MODULE");
}
