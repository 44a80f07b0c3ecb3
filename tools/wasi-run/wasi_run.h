#ifndef WASI_RUN_H
#define WASI_RUN_H

/* wasi-run: shared declarations of the tool's files. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "comp/wat.h"
#include "rt/core.h"
#include "rt/wasi.h"

/* ---- trap_print.c ----------------------------------------------------------- */

/* Prints the trap's wasm backtrace (innermost frame first), if it has one:
 * "wasm backtrace:", then "  N: NAME (function INDEX) at offset OFFSET" per
 * frame. */
void print_trap_backtrace(FILE *out, const rt_trap *trap);

/* Exit codes (see the man page). */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* Options that apply to every mode. */
typedef struct run_options {
    uint64_t fuel;      /* 0: unlimited */
    bool verbose;       /* --wast: show spectest prints and skips' reasons */
    bool exceptions;    /* --wast: core modules may use exception handling */
    /* Running a component: */
    rt_wasi_preopen *preopens;   /* --dir, --dir-ro */
    uint32_t preopen_count;
    const char **env;            /* --env KEY=VALUE or KEY */
    uint32_t env_count;
    bool inherit_env;            /* --inherit-env */
} run_options;

/* ---- values.c ------------------------------------------------------------- */

/* Parses a command-line argument as a value of `kind` (i32 and i64: decimal,
 * optionally negative, or 0x hex; f32 and f64: decimal or hex floats, inf,
 * nan, nan:0xPAYLOAD, each optionally signed). False with the reason in
 * `why`. */
bool value_parse(const char *text, comp_valtype kind, rt_val *out, char *why, size_t size);

/* Writes a result as one line: i32/i64 in signed decimal, floats in the
 * shortest decimal that reads back to the same bits (NaNs as nan or
 * nan:0xPAYLOAD), v128 as four i32 lanes in hex, references by kind. */
void value_format(const rt_val *v, char *buf, size_t size);

/* The text-format name of a value type ("i32"). */
const char *value_type_name(comp_valtype kind);

/* ---- invoke.c ------------------------------------------------------------------ */

/* The module or component file, as binary, with the text it came from (if
 * any). */
typedef struct loaded {
    const char *path;
    uint8_t *file;          /* malloc'd */
    size_t file_len;
    uint8_t *binary;        /* `file`, or the encoding of its text (malloc'd) */
    size_t binary_len;
    bool text;
    bool component;         /* a component, not a core module */
    comp_wat_srcmap map;    /* binary offsets back to the text */
} loaded;

/* Reads l->path and encodes text. Returns -1 on success, else the exit
 * code (the message printed). */
int loaded_load(loaded *l);
void loaded_free(loaded *l);

/* Reports `err` as FILE:OFFSET: error: MESSAGE, or for text FILE:LINE:COL
 * with the line and a caret (binary offsets mapped back to the text unless
 * `text_offset` says the offset is in the text already). */
void loaded_report(const loaded *l, const comp_error *err, bool text_offset);

/* ---- adapt.c ------------------------------------------------------------------------ */

/* Replaces the wasm32-wasip1 core module in `l` by the component the
 * bundled preview1 command adapter makes of it. Returns -1 on success,
 * else the exit code (the message printed). */
int adapt_core_module(loaded *l);

/* ---- invoke_component.c ---------------------------------------------------------- */

/* wasi-run --invoke 'name(args)' COMPONENT: `call_text` is the WAVE call
 * (a bare name is a call without arguments). Returns the exit code. */
int component_invoke(const run_options *o, const loaded *l, const char *call_text);

/* ---- wast_cmd.c / invoke.c -------------------------------------------------- */

/* wasi-run --wast FILE...: runs each script; returns the exit code. */
int wast_main(const run_options *o, char **files, int count);

/* ---- run_component.c -------------------------------------------------------------- */

/* wasi-run [OPTIONS] COMPONENT [ARGS...]: runs wasi:cli/run; returns the
 * guest's exit code. */
int run_main(const run_options *o, const char *path, char **args, int arg_count);

/* The program name the guest sees for `path` (its base name). */
const char *program_name(const char *path);

/* The guest's environment from --inherit-env and --env (malloc'd array of
 * "KEY=VALUE" strings, `*count` of them); NULL when out of memory. */
const char **build_env(const run_options *o, uint32_t *count);

/* wasi-run --invoke NAME [ARGS...] MODULE: returns the exit code. */
int invoke_main(const run_options *o, const char *name, char **args, int arg_count,
                const char *module_path);

#endif
