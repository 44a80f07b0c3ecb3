/* comp_wat_parse_component and comp_wat_to_binary: text -> s-expressions
 * -> a component or a module, and on to its binary encoding. */
#include "comp/wat.h"

#include <string.h>

#include "text/literals.h"
#include "text/sexpr.h"
#include "text/wat_component.h"
#include "text/wat_marks.h"

/* The first field of `(component $id? ...)`. */
static uint32_t first_field(const text_sexpr *form)
{
    uint32_t first = 1;
    if (first < form->count && form->items[first]->kind == SX_ATOM &&
        form->items[first]->tok.kind == TOK_ID)
        first++;
    return first;
}

bool comp_wat_parse_component(const char *text, size_t len, comp_arena *arena,
                              comp_component **out, comp_error *err)
{
    return wat_parse_component_marked(text, len, arena, out, NULL, err);
}

bool wat_parse_component_marked(const char *text, size_t len, comp_arena *arena,
                                comp_component **out, wat_marks *marks, comp_error *err)
{
    /* Names in the model point into the source: parse a copy that lives in
     * the arena, so the caller's text need not outlive the call. */
    char *copy = comp_arena_strndup(arena, text, len);
    if (!copy)
        return comp_error_set(err, 0, "out of memory");
    text_sexpr *root;
    text_error terr;
    const text_sexpr_options opts = {.keep_annotations = true};
    if (!text_sexpr_read(copy, len, arena, &opts, &root, &terr))
        return text_fail(err, terr.pos, "%s", terr.message);
    if (root->count != 1 || !text_sexpr_is_form(root->items[0], "component"))
        return text_fail(err, root->count ? root->items[0]->tok.pos : root->tok.pos,
                         "expected one `(component ...)`");
    const text_sexpr *form = root->items[0];
    uint32_t first = first_field(form);
    if (first < form->count && form->items[first]->kind == SX_ATOM &&
        form->items[first]->tok.kind == TOK_KEYWORD)
        return text_fail(err, form->items[first]->tok.pos,
                         "unexpected token: `component binary`/`component quote` are script forms");
    return wat_component_from_sexpr_marked(form, first, arena, marks, out, err);
}

bool wat_parse_any(const char *text, size_t len, comp_arena *arena, wat_marks *marks,
                   comp_module **module, comp_component **component, comp_error *err)
{
    text_sexpr *root;
    text_error terr;
    *module = NULL;
    *component = NULL;
    if (!text_sexpr_read(text, len, arena, NULL, &root, &terr))
        return text_fail(err, terr.pos, "%s", terr.message);
    if (root->count == 1 && text_sexpr_is_form(root->items[0], "component"))
        return wat_parse_component_marked(text, len, arena, component, marks, err);
    return wat_parse_module_marked(text, len, arena, module, marks, err);
}

bool comp_wat_to_binary(const char *text, size_t len, comp_buf *out, comp_error *err)
{
    comp_arena arena;
    comp_arena_init(&arena);
    comp_module *m;
    comp_component *c;
    bool ok = wat_parse_any(text, len, &arena, NULL, &m, &c, err) &&
              (c ? comp_component_encode(c, out, err) : comp_module_encode(m, out, err));
    if (ok && out->oom)
        ok = comp_error_set(err, 0, "out of memory");
    comp_arena_free(&arena);
    return ok;
}
