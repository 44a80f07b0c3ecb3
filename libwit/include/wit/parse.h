#ifndef WIT_PARSE_H
#define WIT_PARSE_H

#include <stddef.h>

#include "comp/arena.h"
#include "wit/ast.h"
#include "wit/diag.h"

/* Parses one WIT file into a syntax tree allocated in `arena` (the source is
 * copied there too, so `src` need not outlive the tree). On failure returns
 * false with the first error in `err` (its `path` is `path_for_messages`),
 * and `*out` is unchanged. Input of any content never crashes or hangs:
 * nesting of types is bounded (WIT_PARSE_MAX_DEPTH). */
enum { WIT_PARSE_MAX_DEPTH = 100 };

_Bool wit_parse_file(const char *path_for_messages, const char *src, size_t len,
                     comp_arena *arena, wit_ast_file **out, wit_diag *err);

#endif
