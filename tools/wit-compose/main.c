/* wit-compose: composing WebAssembly components. Argument parsing and exit
 * codes only; the work is in libcomp (comp/compose.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "plug.h"

#define VERSION "0.1.0"

static const char usage[] =
    "Usage: wit-compose plug SOCKET --plug PLUG [--plug PLUG]... -o OUT [--wat] [--dry-run]\n"
    "       wit-compose build COMPOSITION.yaml -o OUT [--wat] [--dry-run]\n"
    "Compose WebAssembly components.\n"
    "\n"
    "plug: fill the imports of SOCKET with the exports of the plugs, matched by\n"
    "interface name and semver-compatible version and checked by type. Imports\n"
    "no plug satisfies (and the plugs' own imports) stay imports of the result.\n"
    "Inputs may be binary components or WebAssembly text.\n"
    "\n"
    "build: compose what a YAML file describes: components by path (embedded or\n"
    "imported by type), named instances, wiring (explicit, or automatic by\n"
    "interface name), providers, and the exports of the result. The format is\n"
    "in wit-compose(1), FORMAT.\n"
    "\n"
    "Options:\n"
    "  --plug FILE      (plug) a component whose exports fill the socket's\n"
    "                   imports (repeatable)\n"
    "  -o, --output F   write the result to F (replaced only on success; '-'\n"
    "                   is standard output)\n"
    "  --wat            write the result as WebAssembly text (to standard output\n"
    "                   without -o)\n"
    "  --dry-run        print the instantiation graph instead of writing\n"
    "  -h, --help       show this help and exit\n"
    "      --version    show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 invalid input or composition error, 2 usage or I/O\n"
    "error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "wit-compose: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'wit-compose --help'.\n");
    return EXIT_USAGE;
}

static int build_main(int argc, char **argv)
{
    build_args a = {0};
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        bool needs_value = !strcmp(s, "-o") || !strcmp(s, "--output");
        if (needs_value && i + 1 >= argc)
            return usage_error("option '%s' needs a file name", s);
        if (needs_value)
            a.output = argv[++i];
        else if (!strcmp(s, "--wat"))
            a.wat = true;
        else if (!strcmp(s, "--dry-run"))
            a.dry_run = true;
        else if (s[0] == '-' && s[1])
            return usage_error("unknown option '%s'", s);
        else if (a.composition)
            return usage_error("one composition file only (also got '%s')", s);
        else
            a.composition = s;
    }
    if (!a.composition)
        return usage_error("%s", "build needs a COMPOSITION.yaml file");
    if (!a.output && !a.wat && !a.dry_run)
        return usage_error("%s", "build needs -o OUT (or --wat, or --dry-run)");
    return build_run(&a);
}

static int plug_main(int argc, char **argv)
{
    plug_args a = {0};
    a.plugs = calloc((size_t)argc, sizeof *a.plugs);
    if (!a.plugs) {
        fprintf(stderr, "wit-compose: out of memory\n");
        return EXIT_USAGE;
    }
    int status = -1;
    for (int i = 0; i < argc && status < 0; i++) {
        const char *s = argv[i];
        bool needs_value = !strcmp(s, "--plug") || !strcmp(s, "-o") || !strcmp(s, "--output");
        if (needs_value && i + 1 >= argc)
            status = usage_error("option '%s' needs a file name", s);
        else if (!strcmp(s, "--plug"))
            a.plugs[a.plug_count++] = argv[++i];
        else if (!strcmp(s, "-o") || !strcmp(s, "--output"))
            a.output = argv[++i];
        else if (!strcmp(s, "--wat"))
            a.wat = true;
        else if (!strcmp(s, "--dry-run"))
            a.dry_run = true;
        else if (s[0] == '-' && s[1])
            status = usage_error("unknown option '%s'", s);
        else if (a.socket)
            status = usage_error("one socket only (also got '%s')", s);
        else
            a.socket = s;
    }
    if (status < 0) {
        if (!a.socket)
            status = usage_error("%s", "plug needs a SOCKET component");
        else if (!a.plug_count)
            status = usage_error("%s", "plug needs at least one --plug component");
        else if (!a.output && !a.wat && !a.dry_run)
            status = usage_error("%s", "plug needs -o OUT (or --wat, or --dry-run)");
        else
            status = plug_run(&a);
    }
    free(a.plugs);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command (plug or build)");
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("wit-compose " VERSION "\n");
        return EXIT_OK;
    }
    bool plug = !strcmp(argv[1], "plug"), build = !strcmp(argv[1], "build");
    if (!plug && !build)
        return usage_error("unknown command '%s' (expected plug or build)", argv[1]);
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        }
    return plug ? plug_main(argc - 2, argv + 2) : build_main(argc - 2, argv + 2);
}
