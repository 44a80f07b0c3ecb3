/* wit-inspect: summarise or validate a WebAssembly core module or
 * component. Parses arguments, calls libcomp, maps errors to exit codes:
 * 0 success, 1 invalid input, 2 usage or I/O error. */
#include "inspect.h"
#include "comp/file.h"

#include <stdlib.h>
#include <string.h>

#include "comp/diag.h"
#include "comp/wasm.h"
#include "comp/wat.h"

/* Keep in step with VERSION in the Makefile. */
#define WIT_INSPECT_VERSION "0.1.0"

static const char usage_text[] =
    "Usage: wit-inspect [OPTIONS] [FILE]\n"
    "Summarise a WebAssembly core module or component: sections, imports and\n"
    "exports with their types, nested modules, components and instances.\n"
    "FILE '-' or no FILE reads standard input. FILE may be WebAssembly text\n"
    "(.wat: its first non-blank character is '(' or ';'); with -o and no other\n"
    "mode, the binary it encodes is written to the output file.\n"
    "\n"
    "Options:\n"
    "  --validate       check the input; exit 1 and report FILE:OFFSET: error: ...\n"
    "                   when it is malformed or invalid (text input: FILE:LINE:COL,\n"
    "                   the source line and a caret)\n"
    "  -v, --verbose    with --validate, print 'FILE: valid' for valid input\n"
    "  --json           print the summary as JSON\n"
    "  --wat            print the input in the WebAssembly text format\n"
    "  --wit            FILE is a WIT package directory or .wit file: resolve it and\n"
    "                   print it as WIT (dependencies as nested packages); or a\n"
    "                   component: print the world it targets (a WIT package\n"
    "                   encoded as a component: that package); with --json, the\n"
    "                   resolved model as JSON\n"
    "  --wasm           with --wit, write the package as a component (the\n"
    "                   'wasm-tools component wit --wasm' form) instead\n"
    "  --features LIST  with --wit or --embed, enable these @unstable features (comma-\n"
    "                   separated; may be repeated)\n"
    "  --all-features   with --wit or --embed, enable every @unstable feature\n"
    "  --embed WIT      FILE is a core module: add the component-type custom section\n"
    "                   of a world of the WIT package WIT (directory or .wit file),\n"
    "                   as 'wasm-tools component embed' does; needs -o\n"
    "  --world NAME     with --embed, the world (default: the package's only one;\n"
    "                   'ns:pkg/world@version' for a world of a dependency)\n"
    "  -o, --output F   write the output to F (replaced only on success)\n"
    "  -h, --help       show this help and exit\n"
    "      --version    show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 invalid input, 2 usage or I/O error.\n";

typedef struct options {
    const char *input;  /* "-" for standard input */
    const char *output; /* NULL for standard output */
    bool validate, verbose, json, wat, wit;
    wit_cli wit_opts; /* --wasm, --features, --all-features (json, output copied) */
    bool text_input; /* the input was WAT, encoded to binary before loading */
    const char *embed, *world; /* --embed WIT, --world NAME */
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("wit-inspect: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'wit-inspect --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Returns -1 to go on, else the exit code (for --help, --version and
 * usage errors). */
static int parse_args(int argc, char **argv, options *o)
{
    bool options_done = false;
    *o = (options){.input = NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->input)
                return usage_error("more than one input file ('%s')", a);
            o->input = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        } else if (strcmp(a, "--version") == 0) {
            puts("wit-inspect " WIT_INSPECT_VERSION);
            return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
        } else if (strcmp(a, "--validate") == 0) {
            o->validate = true;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            o->verbose = true;
        } else if (strcmp(a, "--wat") == 0) {
            o->wat = true;
        } else if (strcmp(a, "--wit") == 0) {
            o->wit = true;
        } else if (strcmp(a, "--embed") == 0 || strcmp(a, "--world") == 0) {
            if (++i == argc)
                return usage_error("option '%s' needs an argument", a);
            *(a[2] == 'e' ? &o->embed : &o->world) = argv[i];
        } else if (strcmp(a, "--wasm") == 0) {
            o->wit_opts.wasm = true;
        } else if (strcmp(a, "--all-features") == 0) {
            o->wit_opts.all_features = true;
        } else if (strcmp(a, "--features") == 0 || strncmp(a, "--features=", 11) == 0) {
            const char *list = a[10] == '=' ? a + 11 : NULL;
            if (!list) {
                if (++i == argc)
                    return usage_error("option '%s' needs a list of features", a);
                list = argv[i];
            }
            if (!wit_cli_add_features(&o->wit_opts, list)) {
                fputs("wit-inspect: out of memory\n", stderr);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i == argc)
                return usage_error("option '%s' needs a file name", a);
            o->output = argv[i];
        } else if (strncmp(a, "--output=", 9) == 0) {
            o->output = a + 9;
        } else if (strncmp(a, "-o", 2) == 0) {
            o->output = a + 2;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (o->output && !*o->output)
        return usage_error("%sempty output file name", "");
    bool wit_only = o->wit_opts.wasm || o->wit_opts.all_features || o->wit_opts.feature_count;
    if (wit_only && !o->wit && !(o->embed && !o->wit_opts.wasm))
        return usage_error("%s--wasm, --features and --all-features need --wit", "");
    if (o->embed && (o->wit || o->validate || o->wat || o->json))
        return usage_error("%s--embed cannot be combined with --wit, --validate, --wat or --json", "");
    if (o->world && !o->embed)
        return usage_error("%s--world needs --embed", "");
    if (o->wit && (o->validate || o->wat))
        return usage_error("%s--wit cannot be combined with --validate or --wat", "");
    if (o->wit_opts.wasm && o->json)
        return usage_error("%s--wasm and --json are exclusive", "");
    o->wit_opts.json = o->json;
    o->wit_opts.output = o->output;
    if (!o->input)
        o->input = "-";
    return -1;
}

/* Writes a rendered diagnostic to stderr. */
static void put_diag(comp_buf *b)
{
    fwrite(b->data, 1, b->len, stderr);
    comp_buf_free(b);
}

/* FILE:OFFSET: error: MESSAGE for binary input. For text input the
 * offset in the binary made of it maps back to the text: FILE:LINE:COL,
 * the source line and a caret. */
static int input_error(const inspection *in, const comp_error *err)
{
    size_t at;
    if (in->text && in->srcmap && comp_wat_srcmap_find(in->srcmap, err->offset, &at)) {
        comp_buf b = {0};
        comp_diag_render_span(&b, in->name, in->text, in->text_len, at, at, 0, 0, err->message);
        put_diag(&b);
    } else {
        fprintf(stderr, "%s:%zu: error: %s\n", in->name, err->offset, err->message);
    }
    return EXIT_INVALID;
}

/* Decodes (and with `validate`, validates) the input into `in`. Returns
 * -1 on success, else the exit code after reporting. */
static int load(inspection *in, const uint8_t *data, size_t len, bool validate)
{
    comp_error err = {0};
    comp_wasm_kind kind = comp_wasm_detect(data, len);
    if (kind == COMP_WASM_COMPONENT) {
        comp_component *c;
        if (!comp_component_decode(data, len, in->arena, &c, &err) ||
            (validate && !comp_component_validate(c, COMP_FEATURES_DEFAULT, &err)))
            return input_error(in, &err);
        in->component = c;
        comp_index_spaces *spaces = comp_arena_alloc(in->arena, sizeof *spaces);
        if (!spaces || !comp_index_spaces_build(c, in->arena, spaces, &err))
            return input_error(in, &err);
        in->scope = (comp_scope){.component = c, .spaces = spaces};
        return -1;
    }
    /* Neither preamble: the module decoder says what is wrong with it. */
    comp_module *m;
    if (!comp_module_decode(data, len, in->arena, &m, &err) ||
        (validate && !comp_module_validate(m, COMP_FEATURES_DEFAULT, &err)))
        return input_error(in, &err);
    if (kind != COMP_WASM_MODULE) {
        comp_error_set(&err, 0, "not a WebAssembly module or component");
        return input_error(in, &err);
    }
    in->module = m;
    return -1;
}

/* WebAssembly text starts with '(' or a ';;' / '(;' comment after blanks;
 * a binary starts with "\0asm". */
static bool is_text(const uint8_t *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    return i < len && (data[i] == '(' || data[i] == ';');
}

/* Encodes the text `text` into *data (malloc'd, freed by the caller),
 * with `map` back to the text. Returns -1 on success, else the exit code
 * after reporting FILE:LINE:COL: error: ... with the line and a caret. */
static int text_to_binary(const char *name, const uint8_t *text, size_t text_len,
                          uint8_t **data, size_t *len, comp_wat_srcmap *map)
{
    comp_buf bin = {0};
    comp_error err = {0};
    if (!comp_wat_to_binary_mapped((const char *)text, text_len, &bin, map, &err)) {
        comp_buf_free(&bin);
        comp_buf b = {0};
        comp_diag_render(&b, name, (const char *)text, text_len, &err);
        put_diag(&b);
        return EXIT_INVALID;
    }
    if (bin.oom) {
        comp_buf_free(&bin);
        fprintf(stderr, "wit-inspect: %s: out of memory\n", name);
        return EXIT_USAGE;
    }
    *data = bin.data; /* comp_buf memory is malloc'd */
    *len = bin.len;
    return -1;
}

static int run(const options *o, inspection *in, const uint8_t *data, size_t len)
{
    int rc = load(in, data, len, o->validate);
    if (rc >= 0)
        return rc;
    comp_error err;
    comp_output out;
    if (!comp_output_open(&out, o->output, &err)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", o->output, err.message);
        return EXIT_USAGE;
    }
    bool printed = true;
    if (o->text_input && o->output && !o->validate && !o->wat && !o->json) {
        fwrite(data, 1, len, out.f); /* -o OUT.wasm IN.wat: the binary */
    } else if (o->validate) {
        if (o->verbose)
            fprintf(out.f, "%s: valid\n", in->name);
    } else if (o->wat) {
        if (!wat_print(out.f, in)) {
            comp_output_abort(&out);
            return EXIT_INVALID;
        }
    } else if (o->json) {
        printed = json_print(out.f, in);
    } else {
        printed = summary_print(out.f, in);
    }
    if (!printed) {
        comp_output_abort(&out);
        fprintf(stderr, "wit-inspect: %s: out of memory\n", in->name);
        return EXIT_USAGE;
    }
    if (!comp_output_commit(&out, &err)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", o->output ? o->output : "standard output",
                err.message);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc < 0 && o.wit && wit_source_input(o.input))
        rc = wit_source_run(o.input, &o.wit_opts);
    if (rc >= 0) {
        wit_cli_free(&o.wit_opts);
        return rc;
    }
    bool from_stdin = strcmp(o.input, "-") == 0;
    uint8_t *data = NULL;
    size_t len = 0;
    comp_error rerr;
    if (!comp_read_file(o.input, &data, &len, &rerr)) {
        fprintf(stderr, "wit-inspect: %s: %s\n", from_stdin ? "standard input" : o.input, rerr.message);
        wit_cli_free(&o.wit_opts);
        return EXIT_USAGE;
    }
    const char *name = from_stdin ? "<stdin>" : o.input;
    uint8_t *text = NULL;
    size_t text_len = 0;
    comp_wat_srcmap map = {0};
    if (is_text(data, len)) {
        text = data;
        text_len = len;
        rc = text_to_binary(name, text, text_len, &data, &len, &map);
        if (rc >= 0) {
            comp_wat_srcmap_free(&map);
            free(text);
            wit_cli_free(&o.wit_opts);
            return rc;
        }
        o.text_input = true;
    }
    comp_arena arena;
    comp_arena_init(&arena);
    inspection in = {
        .name = name,
        .size = len,
        .arena = &arena,
        .text = (const char *)text,
        .text_len = text_len,
        .srcmap = text ? &map : NULL,
    };
    rc = o.embed  ? embed_run(o.embed, o.world, name, data, len, &o.wit_opts)
         : o.wit ? wit_binary_run(name, data, len, &o.wit_opts) : run(&o, &in, data, len);
    wit_cli_free(&o.wit_opts);
    comp_arena_free(&arena);
    comp_wat_srcmap_free(&map);
    free(text);
    free(data);
    return rc;
}
