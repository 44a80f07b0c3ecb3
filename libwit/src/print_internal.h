#ifndef WIT_PRINT_INTERNAL_H
#define WIT_PRINT_INTERNAL_H

/* Shared by the printer (print*.c) and the JSON dump (json*.c). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "wit/resolve.h"
#include "wit_order.h"

/* ---- print_out.c: indented output ---------------------------------------- */

typedef struct pr {
    const wit_resolve *r;
    comp_buf *out;
    unsigned indent;
    bool needs_indent;      /* at the start of a line */
    bool any_items;         /* something printed in this block: blank line next */
    bool failed;            /* the model cannot be printed; `why` says why */
    char why[160];
} pr;

void wp_raw(pr *p, const char *s, size_t len);
void wp_str(pr *p, const char *s);          /* indents first if at line start */
void wp_cstr(pr *p, comp_str s);
void wp_name(pr *p, comp_str name);         /* `%` before keywords */
void wp_newline(pr *p);
void wp_block_start(pr *p);                 /* " {" newline, indent + 1 */
void wp_block_end(pr *p);                   /* indent - 1, "}" newline */
void wp_semicolon(pr *p);                   /* ";" newline */
void wp_new_item(pr *p);                    /* blank line unless first */
void wp_fail(pr *p, const char *why);

/* ---- print_docs.c: docs, gates and names -------------------------------- */

/* wit-parser's normalised doc text: comment markers removed, the common
 * leading indentation removed, lines joined with '\n', no trailing newline.
 * Returns false (nothing appended) when there are no docs. */
bool wp_docs_contents(const wit_docs *d, comp_buf *out);
bool wp_is_keyword(comp_str name);
bool wp_stability_eq(const wit_stability *a, const wit_stability *b);
void wp_docs(pr *p, const wit_docs *d);
void wp_stability(pr *p, const wit_stability *s);

/* ---- print_types.c: types and functions ---------------------------------- */

void wp_type(pr *p, wit_tref t);
void wp_declare_type(pr *p, uint32_t id);
/* `resource r;` or `resource r { ...funcs }` (funcs: those of r). */
void wp_resource(pr *p, uint32_t id, const wit_rfunc *const *funcs, uint32_t n);
/* `func(...) -> ...`, `async func(...)`, `constructor(...)`. */
void wp_function(pr *p, const wit_rfunc *f);
/* The path of interface `iface` seen from package `cur`. */
void wp_interface_path(pr *p, uint32_t iface, uint32_t cur);
void wp_version(pr *p, const wit_version *v);

#endif
