/* The top of a WIT file: the package declaration, top-level items and nested
 * `package a:b { ... }` blocks; and the public entry point. */
#include "parser.h"
#include "wit/parse.h"

#include <string.h>

static bool parse_interface(parser *p, wit_interface *iface)
{
    uint32_t start = advance(p)->start; /* `interface` */
    if (!parse_ident(p, &iface->name, "an interface name") || !parse_interface_body(p, iface))
        return false;
    iface->span = span_from(p, start);
    return true;
}

/* `use a:b/c@1.0.0 [as name];` */
static bool parse_toplevel_use(parser *p, wit_toplevel_use *u)
{
    advance(p); /* `use` */
    if (!parse_use_path(p, &u->path))
        return false;
    if (at(p, TOK_DOT)) {
        const wit_token *t = peek(p);
        return fail_at(p, (wit_span){t->start, t->end},
                       "`use path.{...}` is only allowed inside an interface or world; "
                       "at the top level, `use` names an interface");
    }
    if (eat(p, TOK_AS) && !parse_ident(p, &u->as, "a new name after `as`"))
        return false;
    return expect(p, TOK_SEMI);
}

static bool parse_top_items(parser *p, vec *items, bool in_block);

static bool parse_package_block(parser *p, wit_top_item *item)
{
    uint32_t start = advance(p)->start; /* `package` */
    wit_package_block *b = comp_arena_alloc(p->arena, sizeof *b);
    if (!b)
        return fail_oom(p);
    item->package = b;
    if (!parse_package_name(p, &b->name))
        return false;
    if (at(p, TOK_SEMI))
        return fail_at(p, span_from(p, start), "a `package ...;` declaration must be the first item in the file");
    if (!at(p, TOK_LBRACE))
        return fail_expected(p, "`{` after the package name");
    advance(p);
    vec items = {0};
    if (!parse_top_items(p, &items, true))
        return false;
    if (!expect(p, TOK_RBRACE))
        return false;
    b->items = items.data;
    b->item_count = items.count;
    b->span = span_from(p, start);
    return true;
}

static bool parse_top_item(parser *p, wit_top_item *item, bool in_block)
{
    if (!parse_docs_and_gates(p, &item->docs, &item->gates))
        return false;
    uint32_t start = peek(p)->start;
    bool ok;
    switch (peek(p)->kind) {
    case TOK_INTERFACE:
        item->kind = WIT_TOP_INTERFACE;
        item->iface = comp_arena_alloc(p->arena, sizeof *item->iface);
        if (!item->iface)
            return fail_oom(p);
        item->iface->docs = item->docs;
        item->iface->gates = item->gates;
        ok = reject_external_id(p, &item->gates, "interfaces") && parse_interface(p, item->iface);
        break;
    case TOK_WORLD:
        item->kind = WIT_TOP_WORLD;
        ok = reject_external_id(p, &item->gates, "worlds") && parse_world(p, &item->world);
        if (item->world) {
            item->world->docs = item->docs;
            item->world->gates = item->gates;
        }
        break;
    case TOK_USE:
        item->kind = WIT_TOP_USE;
        item->use = comp_arena_alloc(p->arena, sizeof *item->use);
        if (!item->use)
            return fail_oom(p);
        ok = reject_external_id(p, &item->gates, "`use`") && parse_toplevel_use(p, item->use);
        break;
    case TOK_PACKAGE:
        if (in_block)
            return fail_at(p, (wit_span){start, peek(p)->end}, "package blocks cannot be nested");
        item->kind = WIT_TOP_PACKAGE;
        ok = reject_gates(p, &item->gates, "packages") && parse_package_block(p, item);
        break;
    default:
        return fail_expected(p, in_block ? "`interface`, `world`, `use` or `}`"
                                         : "`interface`, `world`, `use` or `package`");
    }
    item->span = span_from(p, start);
    return ok;
}

static bool parse_top_items(parser *p, vec *items, bool in_block)
{
    while (!at(p, TOK_EOF) && !(in_block && at(p, TOK_RBRACE))) {
        wit_top_item *item = vec_push(p, items, sizeof *item);
        if (!item || !parse_top_item(p, item, in_block))
            return false;
    }
    return true;
}

/* A leading `package name;` (a leading `package name {` is a block). */
static bool parse_package_decl(parser *p, wit_ast_file *f)
{
    size_t save = p->pos;
    const wit_token *kw = advance(p);
    wit_package_name name;
    memset(&name, 0, sizeof name);
    if (!parse_package_name(p, &name))
        return false;
    if (at(p, TOK_LBRACE)) {
        p->pos = save;
        return true;
    }
    if (!expect(p, TOK_SEMI))
        return false;
    f->has_package = true;
    f->package = name;
    f->package_docs = docs_before(p, kw);
    return true;
}

bool wit_parse_file(const char *path_for_messages, const char *src, size_t len,
                    comp_arena *arena, wit_ast_file **out, wit_diag *err)
{
    const char *path = path_for_messages ? path_for_messages : "<input>";
    if (!src && len)
        return wit_diag_set(err, path, NULL, 0, (wit_span){0, 0}, "no source text");
    wit_ast_file *f = comp_arena_alloc(arena, sizeof *f);
    char *copy = comp_arena_strndup(arena, src ? src : "", len);
    char *path_copy = comp_arena_strndup(arena, path, strlen(path));
    if (!f || !copy || !path_copy)
        return wit_diag_set(err, path, NULL, 0, (wit_span){0, 0}, "out of memory");
    f->path = path_copy;
    f->src = copy;
    f->len = len;

    wit_lexed lx;
    if (!wit_lex(path, copy, len, &lx, err))
        return false;
    parser p = {
        .path = path, .src = copy, .len = len, .arena = arena, .err = err,
        .toks = lx.toks, .docs = lx.docs,
    };
    vec items = {0};
    bool ok = true;
    if (at(&p, TOK_PACKAGE))
        ok = parse_package_decl(&p, f);
    ok = ok && parse_top_items(&p, &items, false);
    wit_lexed_free(&lx);
    if (!ok)
        return false;
    f->items = items.data;
    f->item_count = items.count;
    *out = f;
    return true;
}
