#ifndef COMP_TEXT_WAT_MARKS_H
#define COMP_TEXT_WAT_MARKS_H

/* Where the text parser put each instruction (private): marks pair a byte
 * position inside an encoded expression (a function body or a constant
 * expression) with the text offset of the instruction that wrote it. The
 * source map of comp_wat_to_binary_mapped is built from them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"
#include "comp/module.h"

typedef struct wat_mark {
    const uint8_t *code; /* the expression's bytes; NULL while it is being encoded */
    uint32_t rel;        /* byte position inside the expression */
    size_t text;         /* offset in the source text */
} wat_mark;

/* Growable (malloc'd); after an allocation failure `oom` stays set and
 * further marks are dropped (the map is then only less precise). */
typedef struct wat_marks {
    wat_mark *items;
    size_t count;
    uint32_t cap;
    bool oom;
} wat_marks;

/* Records a mark of the expression being encoded. */
void wat_marks_add(wat_marks *m, size_t rel, size_t text);
/* Gives the marks recorded since the last claim to `code`, the finished
 * expression's bytes. */
void wat_marks_claim(wat_marks *m, const uint8_t *code);
void wat_marks_free(wat_marks *m);

/* comp_wat_parse_module / comp_wat_parse_component recording marks
 * (`marks` may be NULL). */
bool wat_parse_module_marked(const char *text, size_t len, comp_arena *arena,
                             comp_module **out, wat_marks *marks, comp_error *err);
bool wat_parse_component_marked(const char *text, size_t len, comp_arena *arena,
                                comp_component **out, wat_marks *marks, comp_error *err);
/* Detects a component or a module (as comp_wat_to_binary does) and parses
 * it: exactly one of *module and *component is set on success. */
bool wat_parse_any(const char *text, size_t len, comp_arena *arena, wat_marks *marks,
                   comp_module **module, comp_component **component, comp_error *err);

#endif
