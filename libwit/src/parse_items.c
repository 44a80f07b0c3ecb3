/* Items inside interfaces and worlds: `use`, type definitions, functions,
 * imports and exports, and `include`. */
#include "parser.h"

static bool parse_use_name(parser *p, wit_ident *name, wit_ident *as, const char *what)
{
    if (!parse_ident(p, name, what))
        return false;
    return !eat(p, TOK_AS) || parse_ident(p, as, "a new name after `as`");
}

bool parse_use_item(parser *p, wit_use **out)
{
    wit_use *u = comp_arena_alloc(p->arena, sizeof *u);
    if (!u)
        return fail_oom(p);
    *out = u;
    advance(p); /* `use` */
    if (!parse_use_path(p, &u->path))
        return false;
    if (!at(p, TOK_DOT))
        return fail_expected(p, "`.{` and the names to use");
    advance(p);
    if (!expect(p, TOK_LBRACE))
        return false;
    vec names = {0};
    do {
        if (at(p, TOK_RBRACE) && names.count)
            break;
        wit_use_name *n = vec_push(p, &names, sizeof *n);
        if (!n || !parse_use_name(p, &n->name, &n->as, "a name to use"))
            return false;
    } while (eat(p, TOK_COMMA));
    if (!expect(p, TOK_RBRACE) || !expect(p, TOK_SEMI))
        return false;
    u->names = names.data;
    u->name_count = names.count;
    return true;
}

/* `name: func-type;` */
static bool parse_func_item(parser *p, wit_func **out)
{
    wit_func *f = comp_arena_alloc(p->arena, sizeof *f);
    if (!f)
        return fail_oom(p);
    *out = f;
    return parse_ident(p, &f->name, "a function name") && expect(p, TOK_COLON) &&
           parse_func_type(p, &f->type) && expect(p, TOK_SEMI);
}

static bool parse_iface_item(parser *p, wit_iface_item *item)
{
    if (!parse_docs_and_gates(p, &item->docs, &item->gates))
        return false;
    uint32_t start = peek(p)->start;
    wit_tok_kind k = peek(p)->kind;
    bool ok;
    if (k == TOK_USE) {
        item->kind = WIT_IFACE_USE;
        ok = reject_external_id(p, &item->gates, "`use`") && parse_use_item(p, &item->use);
    } else if (is_typedef_start(k)) {
        item->kind = WIT_IFACE_TYPE;
        ok = parse_typedef(p, &item->type);
    } else if (is_ident(k)) {
        item->kind = WIT_IFACE_FUNC;
        ok = parse_func_item(p, &item->func);
    } else {
        return fail_expected(p, "`use`, a type definition, a function or `}`");
    }
    item->span = span_from(p, start);
    return ok;
}

bool parse_interface_body(parser *p, wit_interface *iface)
{
    if (!expect(p, TOK_LBRACE))
        return false;
    vec items = {0};
    while (!at(p, TOK_RBRACE)) {
        wit_iface_item *item = vec_push(p, &items, sizeof *item);
        if (!item || !parse_iface_item(p, item))
            return false;
    }
    advance(p);
    iface->items = items.data;
    iface->item_count = items.count;
    return true;
}

/* ---- worlds ------------------------------------------------------------- */

/* `import a:b/c;` and `import a: b;` differ only by spacing: as WIT.md says,
 * `a:b` written without spaces is one package-qualified name. */
static bool starts_named_extern(const parser *p)
{
    const wit_token *name = peek_at(p, 0), *colon = peek_at(p, 1), *next = peek_at(p, 2);
    if (!is_ident(name->kind) || colon->kind != TOK_COLON)
        return false;
    bool glued = !colon->space_before && !next->space_before;
    return !(glued && is_ident(next->kind));
}

static bool parse_extern(parser *p, wit_world_item *item)
{
    wit_extern *e = &item->ext;
    if (!starts_named_extern(p)) {
        e->kind = WIT_EXTERN_PATH;
        return reject_external_id(p, &item->gates, "an interface-named import or export") &&
               parse_use_path(p, &e->path) && expect(p, TOK_SEMI);
    }
    if (!parse_ident(p, &e->name, "a name") || !expect(p, TOK_COLON))
        return false;
    if (at(p, TOK_FUNC) || at(p, TOK_ASYNC)) {
        e->kind = WIT_EXTERN_FUNC;
        return parse_func_type(p, &e->func) && expect(p, TOK_SEMI);
    }
    if (at(p, TOK_INTERFACE)) {
        uint32_t start = advance(p)->start;
        e->kind = WIT_EXTERN_INTERFACE;
        e->iface = comp_arena_alloc(p->arena, sizeof *e->iface);
        if (!e->iface)
            return fail_oom(p);
        e->iface->name = e->name;
        if (!parse_interface_body(p, e->iface))
            return false;
        e->iface->span = span_from(p, start);
        return true;
    }
    if (!is_ident(peek(p)->kind))
        return fail_expected(p, "`func`, `interface` or an interface name");
    e->kind = WIT_EXTERN_NAMED_PATH;
    return parse_use_path(p, &e->path) && expect(p, TOK_SEMI);
}

static bool parse_include(parser *p, wit_include **out)
{
    wit_include *inc = comp_arena_alloc(p->arena, sizeof *inc);
    if (!inc)
        return fail_oom(p);
    *out = inc;
    advance(p); /* `include` */
    if (!parse_use_path(p, &inc->path))
        return false;
    if (eat(p, TOK_SEMI))
        return true;
    if (!at(p, TOK_WITH))
        return fail_expected(p, "`;` or `with`");
    advance(p);
    inc->has_with = true;
    if (!expect(p, TOK_LBRACE))
        return false;
    vec names = {0};
    do {
        if (at(p, TOK_RBRACE) && names.count)
            break;
        wit_include_name *n = vec_push(p, &names, sizeof *n);
        if (!n || !parse_ident(p, &n->name, "a name to rename") || !expect(p, TOK_AS) ||
            !parse_ident(p, &n->as, "a new name after `as`"))
            return false;
    } while (eat(p, TOK_COMMA));
    inc->names = names.data;
    inc->name_count = names.count;
    return expect(p, TOK_RBRACE);
}

static bool parse_world_item(parser *p, wit_world_item *item)
{
    if (!parse_docs_and_gates(p, &item->docs, &item->gates))
        return false;
    uint32_t start = peek(p)->start;
    wit_tok_kind k = peek(p)->kind;
    bool ok;
    if (k == TOK_IMPORT || k == TOK_EXPORT) {
        item->kind = k == TOK_IMPORT ? WIT_WORLD_IMPORT : WIT_WORLD_EXPORT;
        advance(p);
        ok = parse_extern(p, item);
    } else if (k == TOK_USE) {
        item->kind = WIT_WORLD_USE;
        ok = reject_external_id(p, &item->gates, "`use`") && parse_use_item(p, &item->use);
    } else if (is_typedef_start(k)) {
        item->kind = WIT_WORLD_TYPE;
        ok = reject_external_id(p, &item->gates, "types in a world") && parse_typedef(p, &item->type);
    } else if (k == TOK_INCLUDE) {
        item->kind = WIT_WORLD_INCLUDE;
        ok = reject_external_id(p, &item->gates, "`include`") && parse_include(p, &item->include);
    } else {
        return fail_expected(p, "`import`, `export`, `use`, `include`, a type definition or `}`");
    }
    item->span = span_from(p, start);
    return ok;
}

bool parse_world(parser *p, wit_world **out)
{
    wit_world *w = comp_arena_alloc(p->arena, sizeof *w);
    if (!w)
        return fail_oom(p);
    *out = w;
    uint32_t start = advance(p)->start; /* `world` */
    if (!parse_ident(p, &w->name, "a world name") || !expect(p, TOK_LBRACE))
        return false;
    vec items = {0};
    while (!at(p, TOK_RBRACE)) {
        wit_world_item *item = vec_push(p, &items, sizeof *item);
        if (!item || !parse_world_item(p, item))
            return false;
    }
    advance(p);
    w->items = items.data;
    w->item_count = items.count;
    w->span = span_from(p, start);
    return true;
}
