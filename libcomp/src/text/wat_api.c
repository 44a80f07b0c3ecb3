/* comp_wat_parse_module: text -> s-expressions -> comp_module. */
#include "comp/wat.h"

#include <string.h>

#include "text/literals.h"
#include "text/sexpr.h"
#include "text/wat_marks.h"
#include "text/wat_module.h"

bool comp_wat_parse_module(const char *text, size_t len, comp_arena *arena, comp_module **out,
                           comp_error *err)
{
    return wat_parse_module_marked(text, len, arena, out, NULL, err);
}

bool wat_parse_module_marked(const char *text, size_t len, comp_arena *arena, comp_module **out,
                             wat_marks *marks, comp_error *err)
{
    text_sexpr *root;
    text_error terr;
    const text_sexpr_options opts = {.keep_annotations = true};
    if (!text_sexpr_read(text, len, arena, &opts, &root, &terr))
        return text_fail(err, terr.pos, "%s", terr.message);
    /* `(module $id? field*)`, or the fields of one module without it. */
    if (root->count == 1 && text_sexpr_is_form(root->items[0], "module")) {
        const text_sexpr *form = root->items[0];
        uint32_t first = 1;
        if (first < form->count && form->items[first]->kind == SX_ATOM &&
            form->items[first]->tok.kind == TOK_ID)
            first++;
        if (first < form->count && form->items[first]->kind == SX_ATOM &&
            form->items[first]->tok.kind == TOK_KEYWORD)
            return text_fail(err, form->items[first]->tok.pos,
                             "unexpected token: `module binary`/`module quote` are script forms");
        return wat_module_from_sexpr_named(form, first, NULL, arena, marks, out, err);
    }
    for (uint32_t i = 0; i < root->count; i++) {
        if (text_sexpr_is_form(root->items[i], "module"))
            return text_fail(err, root->items[i]->tok.pos,
                             "unexpected token: expected one module, or module fields only");
    }
    return wat_module_from_sexpr_named(root, 0, NULL, arena, marks, out, err);
}
