#ifndef RT_WAVE_H
#define RT_WAVE_H

/* WAVE, the WebAssembly Value Encoding: the text form of component values
 * that `wasmtime --invoke` uses (`add(1, 2)`, `greet("hi")`, records
 * `{a: 1, b: "x"}`, variants `some(3)`, lists `[1, 2]`, flags
 * `{read, write}`, enums by name).
 *
 * Reading is in two steps, because WAVE cannot be read without types
 * (`none` may be an option, an enum case or a variant case; `{}` empty
 * flags or an empty map): rt_wave_parse_call reads the text into an
 * untyped tree, and the component layer converts the tree with the types
 * of the function's parameters.
 *
 * The tree lives in the caller's arena. Strings are decoded (escapes
 * resolved) UTF-8, not NUL-terminated. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/encoding.h"
#include "comp/error.h"
#include "rt/component.h"

typedef enum rt_wave_kind {
    RT_WAVE_NUMBER,     /* text: "-12", "3.5e3", "nan", "inf", "-inf" */
    RT_WAVE_CHAR,       /* ch */
    RT_WAVE_STRING,     /* text (decoded) */
    RT_WAVE_CASE,       /* label, payload (NULL: none): true, none, some(1), red */
    RT_WAVE_TUPLE,      /* items: (1, "a") */
    RT_WAVE_LIST,       /* items: [1, 2] */
    RT_WAVE_FLAGS,      /* labels in items' label: {read, write}; {} */
    RT_WAVE_RECORD,     /* items with labels and payloads: {a: 1}; {:} */
} rt_wave_kind;

typedef struct rt_wave_node rt_wave_node;
struct rt_wave_node {
    rt_wave_kind kind;
    size_t offset;              /* byte offset of the value in the text */
    comp_str text;              /* NUMBER, STRING */
    uint32_t ch;                /* CHAR: a Unicode scalar value */
    comp_str label;             /* CASE; FLAGS and RECORD entries (in items) */
    bool escaped;               /* CASE: written %label, so never a keyword */
    rt_wave_node *payload;      /* CASE: the parenthesized payload; RECORD entries: the value */
    rt_wave_node *items;        /* TUPLE, LIST, FLAGS, RECORD */
    uint32_t count;
};

/* `name(arg, ...)`: the function name as written (kebab name, or
 * `iface.func`, or `ns:pkg/iface@1.0.0#func`) and the arguments. */
typedef struct rt_wave_call {
    comp_str name;
    rt_wave_node *args;
    uint32_t arg_count;
} rt_wave_call;

/* Deepest nesting of values the reader accepts. */
#define RT_WAVE_MAX_DEPTH 100

/* Reads one call. Fails with err's offset (a byte offset in `text`) and a
 * message saying what was expected. */
bool rt_wave_parse_call(const char *text, size_t len, comp_arena *arena, rt_wave_call *out,
                        comp_error *err);

/* Reads one value (blanks and // comments around it allowed). */
bool rt_wave_parse_value(const char *text, size_t len, comp_arena *arena, rt_wave_node **out,
                         comp_error *err);

/* Whether `label` is one of WAVE's keywords (true false some none ok err
 * inf nan), which a printed case label must escape with `%`. */
bool rt_wave_is_keyword(comp_str label);

/* Converts a parsed value to a component value of type `t`, allocating in
 * `arena`. What needs the type: which of bool, enum, variant, option and
 * result a label is; options and results may be written flat (`3` for
 * `some(3)`, `"x"` for `ok("x")`) when that is not ambiguous; record fields
 * of option type may be left out (none). Integers must be in range;
 * floats are read as decimal (nan, inf, -inf). False with err's offset
 * (the node's) and what was expected. Handles (own, borrow) have no WAVE
 * form and are refused. */
bool rt_wave_to_cval(const rt_wave_node *n, const rt_ctype *t, comp_arena *arena, rt_cval *out,
                     comp_error *err);

/* Appends `v` (of type `t`) in WAVE syntax: `{a: 1, b: "x"}`, `some(3)`,
 * `[1, 2]`, floats in the shortest decimal that reads back to the same
 * value, labels that are keywords escaped with `%`. Handles, which have no
 * WAVE form, print as `own<NAME>(REP)` / `borrow<NAME>(REP)`. Values nest at
 * most RT_WAVE_MAX_DEPTH deep; deeper ones print as `...`. */
void rt_wave_print(comp_buf *out, const rt_cval *v, const rt_ctype *t);

#endif
