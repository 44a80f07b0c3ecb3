#ifndef WIT_INSPECT_H
#define WIT_INSPECT_H

/* wit-inspect: shared declarations of the tool's files. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/describe.h"
#include "comp/module.h"
#include "comp/wat.h"

/* Exit codes (see the man page). */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* ---- common.c ------------------------------------------------------------- */

/* A decoded input: exactly one of `module` and `component` is set. The
 * scope of a component has its index spaces built. */
typedef struct inspection {
    const char *name; /* what the user called the input */
    size_t size;
    const comp_module *module;
    const comp_component *component;
    comp_scope scope;
    comp_arena *arena; /* the model and index spaces of nested components */
    /* Text input: the source and the map from the binary made of it back
     * to the text, so errors name a line and column (else NULL). */
    const char *text;
    size_t text_len;
    const comp_wat_srcmap *srcmap;
} inspection;

/* Writes a comp_buf's bytes, then resets it for reuse. */
void put_buf(FILE *f, comp_buf *b);
/* A name in WAT-style double quotes. */
void put_quoted(FILE *f, comp_str s);
/* A nested component's scope (index spaces built in `arena`), or NULL
 * when out of memory. */
const comp_scope *nested_scope(const comp_scope *outer, const comp_component *c,
                               comp_arena *arena);
/* How index `index` of `space` came to be, in words: "import "x"",
 * "alias export "f" of instance 2", "instantiate core module 1 with ..."
 * and so on, appended to `out`. */
void describe_origin(comp_buf *out, const comp_scope *scope, comp_space space, uint32_t index);
/* The type of a component export (its ascription, else the type of what
 * it exports). */
void describe_export_type(comp_buf *out, const comp_scope *scope, const comp_cexport *e,
                          comp_arena *scratch);

/* ---- summary.c, json.c ---------------------------------------------------- */

/* The text summary and its JSON form. Return false when out of memory. */
bool summary_print(FILE *f, const inspection *in);
bool json_print(FILE *f, const inspection *in);

/* ---- wat.c ----------------------------------------------------------------- */

/* The input in the WebAssembly text format. False (reported on stderr as
 * FILE:OFFSET: error: ...) when it cannot be printed. */
bool wat_print(FILE *f, const inspection *in);

/* ---- wit.c ----------------------------------------------------------------- */

/* Options of --wit. */
typedef struct wit_cli {
    bool json;              /* the resolved model as JSON */
    bool wasm;              /* the main package encoded as a component */
    const char *output;     /* NULL: standard output */
    const char **features;  /* enabled @unstable features (malloc'd copies) */
    size_t feature_count;
    uint32_t feature_cap;
    bool all_features;
} wit_cli;

/* Adds the features of a comma- or space-separated list; false when out of
 * memory. */
bool wit_cli_add_features(wit_cli *o, const char *list);
void wit_cli_free(wit_cli *o);

/* True when `path` names WIT source: a directory or a *.wit file. */
bool wit_source_input(const char *path);
/* --wit for WIT source: resolves `path` and prints the packages as WIT, the
 * model as JSON, or the binary form. Errors are reported as path:line:col
 * with the source line and a caret. Returns the exit code. */
int wit_source_run(const char *path, const wit_cli *o);
/* --wit for a component binary: the world it targets (or the package it
 * encodes), printed as `jco wit` prints it, as JSON, or re-encoded. */
int wit_binary_run(const char *name, const uint8_t *data, size_t len, const wit_cli *o);
/* path:line:col: error: message, the source line and a caret (`fallback_path`
 * when the diagnostic names no file). */
struct wit_diag;
void wit_report_diag(const struct wit_diag *d, const char *fallback_path);

/* ---- embed.c --------------------------------------------------------------- */

/* --embed: appends the `component-type:WORLD` custom section describing
 * world `world_name` (NULL: the main package's only world; "ns:pkg/w@v":
 * a world of another resolved package) of the WIT at `wit_path` to the core
 * module `data` (named `name`), and writes the result to `output`
 * atomically, like `wasm-tools component embed`. Returns the exit code. */
int embed_run(const char *wit_path, const char *world_name, const char *name,
              const uint8_t *data, size_t len, const wit_cli *o);

#endif
