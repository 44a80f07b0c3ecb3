/* Types (`ty`) and the named type definitions: type aliases, records,
 * variants, enums and flags (resources are in parse_func.c). */
#include "parser.h"

#include <stdio.h>
#include <string.h>

static wit_type *new_type(parser *p, wit_type_kind kind, uint32_t start)
{
    wit_type *t = comp_arena_alloc(p->arena, sizeof *t);
    if (!t) {
        fail_oom(p);
        return NULL;
    }
    t->kind = kind;
    t->span.start = start;
    return t;
}

static bool primitive_kind(wit_tok_kind tok, wit_type_kind *out)
{
    switch (tok) {
    case TOK_BOOL: *out = WIT_TYPE_BOOL; return true;
    case TOK_U8: *out = WIT_TYPE_U8; return true;
    case TOK_U16: *out = WIT_TYPE_U16; return true;
    case TOK_U32: *out = WIT_TYPE_U32; return true;
    case TOK_U64: *out = WIT_TYPE_U64; return true;
    case TOK_S8: *out = WIT_TYPE_S8; return true;
    case TOK_S16: *out = WIT_TYPE_S16; return true;
    case TOK_S32: *out = WIT_TYPE_S32; return true;
    case TOK_S64: *out = WIT_TYPE_S64; return true;
    case TOK_F32: *out = WIT_TYPE_F32; return true;
    case TOK_F64: *out = WIT_TYPE_F64; return true;
    case TOK_CHAR: *out = WIT_TYPE_CHAR; return true;
    case TOK_STRING_KW: *out = WIT_TYPE_STRING; return true;
    case TOK_ERROR_CONTEXT: *out = WIT_TYPE_ERROR_CONTEXT; return true;
    default: return false;
    }
}

/* `< ty >` */
static bool parse_one_param(parser *p, wit_type **elem)
{
    return expect(p, TOK_LT) && parse_type(p, elem) && expect(p, TOK_GT);
}

static bool parse_tuple(parser *p, wit_type *t)
{
    if (!expect(p, TOK_LT))
        return false;
    vec items = {0};
    if (at(p, TOK_GT))
        return fail_expected(p, "a type (a tuple has at least one)");
    while (!at(p, TOK_GT)) {
        wit_type **slot = vec_push(p, &items, sizeof *slot);
        if (!slot || !parse_type(p, slot))
            return false;
        if (!eat(p, TOK_COMMA))
            break;
    }
    if (!expect(p, TOK_GT))
        return false;
    t->items = items.data;
    t->item_count = items.count;
    return true;
}

/* `list<ty>` or the fixed-length `list<ty, N>` with N in [1-9][0-9]*. */
static bool parse_list(parser *p, wit_type *t)
{
    if (!expect(p, TOK_LT) || !parse_type(p, &t->elem))
        return false;
    if (eat(p, TOK_COMMA)) {
        const wit_token *n = peek(p);
        if (n->kind != TOK_INTEGER)
            return fail_expected(p, "the list length (an integer)");
        advance(p);
        wit_span s = {n->start, n->end};
        const char *d = p->src + n->start;
        uint32_t len = n->end - n->start;
        if (d[0] == '0')
            return fail_at(p, s, "list length must be a positive integer without leading zeros");
        uint64_t v = 0;
        for (uint32_t i = 0; i < len; i++) {
            v = v * 10 + (uint64_t)(d[i] - '0');
            if (v > UINT32_MAX)
                return fail_at(p, s, "list length `%.*s` is too large", (int)(len > 40 ? 40 : len), d);
        }
        t->kind = WIT_TYPE_FIXED_LIST;
        t->length = (uint32_t)v;
    }
    return expect(p, TOK_GT);
}

/* `result`, `result<ok>`, `result<ok, err>`, `result<_, err>`. */
static bool parse_result(parser *p, wit_type *t)
{
    if (!eat(p, TOK_LT))
        return true;
    if (eat(p, TOK_UNDERSCORE)) {
        if (!at(p, TOK_COMMA))
            return fail_expected(p, "`,` and an error type after `_`");
    } else if (!parse_type(p, &t->elem)) {
        return false;
    }
    if (eat(p, TOK_COMMA) && !parse_type(p, &t->elem2))
        return false;
    return expect(p, TOK_GT);
}

static bool is_map_key(wit_type_kind k)
{
    return k != WIT_TYPE_F32 && k != WIT_TYPE_F64 && k <= WIT_TYPE_STRING;
}

static bool parse_map(parser *p, wit_type *t)
{
    if (!expect(p, TOK_LT) || !parse_type(p, &t->elem))
        return false;
    if (!is_map_key(t->elem->kind))
        return fail_at(p, t->elem->span, "map keys must be an integer type, `char`, `bool` or `string`");
    return expect(p, TOK_COMMA) && parse_type(p, &t->elem2) && expect(p, TOK_GT);
}

static bool parse_handle(parser *p, wit_type *t)
{
    return expect(p, TOK_LT) && parse_ident(p, &t->name, "a resource name") && expect(p, TOK_GT);
}

static bool parse_type_inner(parser *p, wit_type **out)
{
    const wit_token *tok = peek(p);
    wit_type_kind kind;
    if (primitive_kind(tok->kind, &kind)) {
        advance(p);
        if (!(*out = new_type(p, kind, tok->start)))
            return false;
        (*out)->span.end = tok->end;
        return true;
    }
    if (is_ident(tok->kind)) {
        if (!(*out = new_type(p, WIT_TYPE_NAME, tok->start)))
            return false;
        return parse_ident(p, &(*out)->name, "a type");
    }
    switch (tok->kind) {
    case TOK_TUPLE: kind = WIT_TYPE_TUPLE; break;
    case TOK_LIST: kind = WIT_TYPE_LIST; break;
    case TOK_OPTION: kind = WIT_TYPE_OPTION; break;
    case TOK_RESULT: kind = WIT_TYPE_RESULT; break;
    case TOK_MAP: kind = WIT_TYPE_MAP; break;
    case TOK_BORROW: kind = WIT_TYPE_BORROW; break;
    case TOK_OWN: kind = WIT_TYPE_OWN; break;
    case TOK_FUTURE: kind = WIT_TYPE_FUTURE; break;
    case TOK_STREAM: kind = WIT_TYPE_STREAM; break;
    default:
        return fail_expected(p, "a type");
    }
    advance(p);
    wit_type *t = new_type(p, kind, tok->start);
    if (!t)
        return false;
    *out = t;
    switch (kind) {
    case WIT_TYPE_TUPLE: return parse_tuple(p, t);
    case WIT_TYPE_LIST: return parse_list(p, t);
    case WIT_TYPE_OPTION: return parse_one_param(p, &t->elem);
    case WIT_TYPE_RESULT: return parse_result(p, t);
    case WIT_TYPE_MAP: return parse_map(p, t);
    case WIT_TYPE_FUTURE:
    case WIT_TYPE_STREAM: return !at(p, TOK_LT) || parse_one_param(p, &t->elem);
    default: return parse_handle(p, t);
    }
}

bool parse_type(parser *p, wit_type **out)
{
    const wit_token *tok = peek(p);
    if (p->depth >= WIT_PARSE_MAX_DEPTH)
        return fail_at(p, (wit_span){tok->start, tok->end}, "types nested too deeply (more than %d levels)",
                       WIT_PARSE_MAX_DEPTH);
    p->depth++;
    bool ok = parse_type_inner(p, out);
    p->depth--;
    if (ok)
        (*out)->span = span_from(p, tok->start);
    return ok;
}

/* ---- named definitions ------------------------------------------------------ */

bool is_typedef_start(wit_tok_kind kind)
{
    return kind == TOK_TYPE || kind == TOK_RECORD || kind == TOK_VARIANT || kind == TOK_ENUM ||
           kind == TOK_FLAGS || kind == TOK_RESOURCE;
}

/* `{ case, case, ... }` with an optional trailing comma and at least one
 * case. Records need `name: ty`, variants allow `name(ty)`. */
static bool parse_cases(parser *p, wit_typedef *def, const char *what)
{
    if (!expect(p, TOK_LBRACE))
        return false;
    vec cases = {0};
    while (!at(p, TOK_RBRACE)) {
        const wit_token *first = peek(p);
        wit_case *c = vec_push(p, &cases, sizeof *c);
        if (!c)
            return false;
        c->docs = docs_before(p, first);
        char name_what[32];
        snprintf(name_what, sizeof name_what, "a %s name", what);
        if (!parse_ident(p, &c->name, name_what))
            return false;
        if (def->kind == WIT_DEF_RECORD) {
            if (!expect(p, TOK_COLON) || !parse_type(p, &c->type))
                return false;
        } else if (def->kind == WIT_DEF_VARIANT && eat(p, TOK_LPAREN)) {
            if (!parse_type(p, &c->type) || !expect(p, TOK_RPAREN))
                return false;
        }
        c->span = span_from(p, first->start);
        if (!eat(p, TOK_COMMA))
            break;
    }
    if (!at(p, TOK_RBRACE))
        return fail_expected(p, "`,` or `}`");
    if (cases.count == 0) {
        const char *kind = def->kind == WIT_DEF_RECORD ? "record" :
                           def->kind == WIT_DEF_VARIANT ? "variant" :
                           def->kind == WIT_DEF_ENUM ? "enum" : "flags";
        return fail_at(p, def->name.span, "%s `%.*s` must have at least one %s", kind,
                       (int)def->name.name.len, def->name.name.data, what);
    }
    advance(p);
    def->cases = cases.data;
    def->case_count = cases.count;
    return true;
}

bool parse_typedef(parser *p, wit_typedef **out)
{
    wit_typedef *def = comp_arena_alloc(p->arena, sizeof *def);
    if (!def)
        return fail_oom(p);
    *out = def;
    wit_tok_kind kw = advance(p)->kind;
    if (!parse_ident(p, &def->name, "a type name"))
        return false;
    switch (kw) {
    case TOK_TYPE:
        def->kind = WIT_DEF_ALIAS;
        return expect(p, TOK_EQ) && parse_type(p, &def->alias) && expect(p, TOK_SEMI);
    case TOK_RECORD:
        def->kind = WIT_DEF_RECORD;
        return parse_cases(p, def, "field");
    case TOK_VARIANT:
        def->kind = WIT_DEF_VARIANT;
        return parse_cases(p, def, "case");
    case TOK_ENUM:
        def->kind = WIT_DEF_ENUM;
        return parse_cases(p, def, "case");
    case TOK_FLAGS:
        def->kind = WIT_DEF_FLAGS;
        return parse_cases(p, def, "flag");
    default:
        def->kind = WIT_DEF_RESOURCE;
        return parse_resource_body(p, def);
    }
}
