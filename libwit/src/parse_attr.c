/* Doc comments and attributes: the gates @since, @unstable, @deprecated and
 * the @external-id annotation. */
#include "parser.h"

#include <stdio.h>
#include <string.h>

const wit_attr *wit_gates_find(const wit_gates *g, wit_attr_kind kind)
{
    for (uint32_t i = 0; i < g->count; i++)
        if (g->attrs[i].kind == kind)
            return &g->attrs[i];
    return NULL;
}

bool docs_append(parser *p, wit_docs *docs, const wit_token *t)
{
    if (t->doc_count == 0)
        return true;
    comp_str *lines = comp_arena_array(p->arena, (size_t)docs->count + t->doc_count, sizeof *lines);
    if (!lines)
        return fail_oom(p);
    if (docs->count)
        memcpy(lines, docs->lines, docs->count * sizeof *lines);
    for (uint32_t i = 0; i < t->doc_count; i++) {
        wit_span s = p->docs[t->doc_first + i];
        lines[docs->count + i] = (comp_str){p->src + s.start, s.end - s.start};
    }
    docs->lines = lines;
    docs->count += t->doc_count;
    return true;
}

wit_docs docs_before(parser *p, const wit_token *t)
{
    wit_docs d = {0};
    /* On allocation failure the docs are simply left out; the next
     * allocation reports the failure. */
    docs_append(p, &d, t);
    return d;
}

static const char *attr_name(wit_attr_kind k)
{
    switch (k) {
    case WIT_ATTR_SINCE: return "@since";
    case WIT_ATTR_UNSTABLE: return "@unstable";
    case WIT_ATTR_DEPRECATED: return "@deprecated";
    case WIT_ATTR_EXTERNAL_ID: return "@external-id";
    }
    return "@?";
}

static bool name_is(const wit_ident *id, const char *s)
{
    return !id->explicit_ && id->name.len == strlen(s) && memcmp(id->name.data, s, id->name.len) == 0;
}

/* `field = ` inside an attribute's parentheses. */
static bool parse_field_name(parser *p, const char *field)
{
    wit_ident id;
    const wit_token *t = peek(p);
    if (!is_ident(t->kind) || !parse_ident(p, &id, field) || !name_is(&id, field)) {
        p->pos = (size_t)(t - p->toks);
        char what[48];
        snprintf(what, sizeof what, "`%s`", field);
        return fail_expected(p, what);
    }
    return expect(p, TOK_EQ);
}

static bool parse_attr(parser *p, wit_attr *a)
{
    uint32_t start = peek(p)->start;
    advance(p); /* '@' */
    wit_ident name;
    if (!parse_ident(p, &name, "an attribute name after `@`"))
        return false;
    if (name_is(&name, "since"))
        a->kind = WIT_ATTR_SINCE;
    else if (name_is(&name, "unstable"))
        a->kind = WIT_ATTR_UNSTABLE;
    else if (name_is(&name, "deprecated"))
        a->kind = WIT_ATTR_DEPRECATED;
    else if (name_is(&name, "external-id"))
        a->kind = WIT_ATTR_EXTERNAL_ID;
    else
        return fail_at(p, span_from(p, start),
                       "unknown attribute `@%.*s`: expected `@since`, `@unstable`, `@deprecated` or `@external-id`",
                       (int)(name.name.len > 60 ? 60 : name.name.len), name.name.data);
    if (!expect(p, TOK_LPAREN))
        return false;
    switch (a->kind) {
    case WIT_ATTR_SINCE:
    case WIT_ATTR_DEPRECATED:
        if (!parse_field_name(p, "version") || !parse_version(p, &a->version))
            return false;
        break;
    case WIT_ATTR_UNSTABLE:
        if (!parse_field_name(p, "feature") || !parse_ident(p, &a->feature, "a feature name"))
            return false;
        break;
    case WIT_ATTR_EXTERNAL_ID: {
        const wit_token *t = peek(p);
        if (t->kind != TOK_STRING)
            return fail_expected(p, "a string");
        advance(p);
        if (!wit_decode_string(p->src + t->start, t->end - t->start, p->arena, &a->external_id)) {
            if (!a->external_id.data)
                return fail_at(p, (wit_span){t->start, t->end}, "string escapes do not decode to UTF-8");
            return fail_oom(p);
        }
        break;
    }
    }
    if (!expect(p, TOK_RPAREN))
        return false;
    a->span = span_from(p, start);
    return true;
}

bool parse_docs_and_gates(parser *p, wit_docs *docs, wit_gates *gates)
{
    memset(docs, 0, sizeof *docs);
    vec v = {0};
    for (;;) {
        if (!docs_append(p, docs, peek(p)))
            return false;
        if (!at(p, TOK_AT))
            break;
        wit_attr a = {0};
        if (!parse_attr(p, &a))
            return false;
        for (uint32_t i = 0; i < v.count; i++)
            if (((wit_attr *)v.data)[i].kind == a.kind)
                return fail_at(p, a.span, "duplicate `%s` attribute", attr_name(a.kind));
        wit_attr *slot = vec_push(p, &v, sizeof *slot);
        if (!slot)
            return false;
        *slot = a;
    }
    gates->attrs = v.data;
    gates->count = v.count;
    return true;
}

bool reject_external_id(parser *p, const wit_gates *g, const char *what)
{
    const wit_attr *a = wit_gates_find(g, WIT_ATTR_EXTERNAL_ID);
    if (a)
        return fail_at(p, a->span, "`@external-id` is not allowed on %s", what);
    return true;
}

bool reject_gates(parser *p, const wit_gates *g, const char *what)
{
    if (g->count)
        return fail_at(p, g->attrs[0].span, "`%s` is not allowed on %s", attr_name(g->attrs[0].kind), what);
    return true;
}
