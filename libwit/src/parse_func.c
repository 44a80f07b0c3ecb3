/* Function types, and resources with their constructor, methods and static
 * functions. */
#include "parser.h"

/* `( name: ty, ... )`, a trailing comma allowed. */
static bool parse_params(parser *p, wit_func_type *f)
{
    if (!expect(p, TOK_LPAREN))
        return false;
    vec params = {0};
    while (!at(p, TOK_RPAREN)) {
        wit_param *param = vec_push(p, &params, sizeof *param);
        if (!param)
            return false;
        if (!parse_ident(p, &param->name, "a parameter name or `)`") || !expect(p, TOK_COLON) ||
            !parse_type(p, &param->type))
            return false;
        if (!eat(p, TOK_COMMA))
            break;
    }
    if (!at(p, TOK_RPAREN))
        return fail_expected(p, "`,` or `)`");
    advance(p);
    f->params = params.data;
    f->param_count = params.count;
    return true;
}

static bool parse_results(parser *p, wit_func_type *f)
{
    return !eat(p, TOK_ARROW) || parse_type(p, &f->result);
}

bool parse_func_type(parser *p, wit_func_type *out)
{
    uint32_t start = peek(p)->start;
    out->is_async = eat(p, TOK_ASYNC);
    if (!at(p, TOK_FUNC))
        return fail_expected(p, out->is_async ? "`func` after `async`" : "`func`");
    advance(p);
    if (!parse_params(p, out) || !parse_results(p, out))
        return false;
    out->span = span_from(p, start);
    return true;
}

static bool parse_resource_func(parser *p, wit_resource_func *f)
{
    if (!parse_docs_and_gates(p, &f->docs, &f->gates))
        return false;
    uint32_t start = peek(p)->start;
    if (at(p, TOK_CONSTRUCTOR)) {
        const wit_token *kw = advance(p);
        f->kind = WIT_RESOURCE_CONSTRUCTOR;
        f->name.name = (comp_str){p->src + kw->start, kw->end - kw->start};
        f->name.span = (wit_span){kw->start, kw->end};
        f->type.span.start = peek(p)->start;
        if (!parse_params(p, &f->type) || !parse_results(p, &f->type))
            return false;
        f->type.span = span_from(p, f->type.span.start);
    } else if (is_ident(peek(p)->kind)) {
        if (!parse_ident(p, &f->name, "a method name") || !expect(p, TOK_COLON))
            return false;
        f->kind = eat(p, TOK_STATIC) ? WIT_RESOURCE_STATIC : WIT_RESOURCE_METHOD;
        if (!parse_func_type(p, &f->type))
            return false;
    } else {
        return fail_expected(p, "`constructor`, a method or `}`");
    }
    if (!expect(p, TOK_SEMI))
        return false;
    f->span = span_from(p, start);
    return true;
}

bool parse_resource_body(parser *p, wit_typedef *def)
{
    if (eat(p, TOK_SEMI))
        return true;
    if (!at(p, TOK_LBRACE))
        return fail_expected(p, "`;` or `{` after the resource name");
    advance(p);
    def->has_body = true;
    vec funcs = {0};
    while (!at(p, TOK_RBRACE)) {
        wit_resource_func *f = vec_push(p, &funcs, sizeof *f);
        if (!f || !parse_resource_func(p, f))
            return false;
    }
    advance(p);
    def->funcs = funcs.data;
    def->func_count = funcs.count;
    return true;
}
