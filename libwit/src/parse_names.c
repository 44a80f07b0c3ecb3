/* Names: identifiers, semantic versions, package names and use-paths. */
#include "parser.h"

#include <string.h>

bool is_ident(wit_tok_kind kind)
{
    return kind == TOK_ID || kind == TOK_EXPLICIT_ID;
}

bool parse_ident(parser *p, wit_ident *out, const char *what)
{
    const wit_token *t = peek(p);
    if (!is_ident(t->kind)) {
        if (t->kind >= TOK_KW_FIRST && t->kind < TOK_KW_END) {
            int n = (int)(t->end - t->start);
            return fail_at(p, (wit_span){t->start, t->end},
                           "expected %s, found keyword `%.*s` (write `%%%.*s` to use a keyword as a name)",
                           what, n, p->src + t->start, n, p->src + t->start);
        }
        return fail_expected(p, what);
    }
    advance(p);
    out->explicit_ = t->kind == TOK_EXPLICIT_ID;
    uint32_t skip = out->explicit_ ? 1 : 0;
    out->name.data = p->src + t->start + skip;
    out->name.len = t->end - t->start - skip;
    out->span = (wit_span){t->start, t->end};
    return true;
}

/* ---- semver ------------------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

typedef struct version_scan {
    parser *p;
    const char *s;
    size_t len, i;
    wit_span span;
} version_scan;

static bool version_fail(version_scan *v, const char *why)
{
    int n = (int)(v->len > 60 ? 60 : v->len);
    return fail_at(v->p, v->span, "invalid version `%.*s`: %s", n, v->s, why);
}

static bool scan_number(version_scan *v, uint64_t *out)
{
    size_t start = v->i;
    uint64_t n = 0;
    while (v->i < v->len && is_digit(v->s[v->i])) {
        unsigned d = (unsigned)(v->s[v->i] - '0');
        if (n > (UINT64_MAX - d) / 10)
            return version_fail(v, "number too large");
        n = n * 10 + d;
        v->i++;
    }
    if (v->i == start)
        return version_fail(v, "expected MAJOR.MINOR.PATCH");
    if (v->i - start > 1 && v->s[start] == '0')
        return version_fail(v, "numbers must not have leading zeros");
    *out = n;
    return true;
}

/* Dot-separated identifiers after '-' or '+'; `pre` forbids leading zeros
 * in numeric identifiers (semver 2.0 rule 9). */
static bool scan_idents(version_scan *v, comp_str *out, bool pre)
{
    size_t start = v->i;
    for (;;) {
        size_t id = v->i;
        bool numeric = true;
        while (v->i < v->len && is_ident_char(v->s[v->i])) {
            numeric = numeric && is_digit(v->s[v->i]);
            v->i++;
        }
        if (v->i == id)
            return version_fail(v, pre ? "empty pre-release identifier" : "empty build identifier");
        if (pre && numeric && v->i - id > 1 && v->s[id] == '0')
            return version_fail(v, "numeric pre-release identifiers must not have leading zeros");
        if (v->i < v->len && v->s[v->i] == '.') {
            v->i++;
            continue;
        }
        break;
    }
    out->data = v->s + start;
    out->len = (uint32_t)(v->i - start);
    return true;
}

bool parse_version(parser *p, wit_version *out)
{
    const wit_token *t = peek(p);
    if (t->kind != TOK_VERSION)
        return fail_expected(p, "a version (MAJOR.MINOR.PATCH)");
    advance(p);
    version_scan v = {p, p->src + t->start, t->end - t->start, 0, {t->start, t->end}};
    memset(out, 0, sizeof *out);
    if (!scan_number(&v, &out->major))
        return false;
    if (v.i >= v.len || v.s[v.i] != '.')
        return version_fail(&v, "expected MAJOR.MINOR.PATCH");
    v.i++;
    if (!scan_number(&v, &out->minor))
        return false;
    if (v.i >= v.len || v.s[v.i] != '.')
        return version_fail(&v, "expected MAJOR.MINOR.PATCH");
    v.i++;
    if (!scan_number(&v, &out->patch))
        return false;
    out->pre.data = out->build.data = v.s + v.i;
    if (v.i < v.len && v.s[v.i] == '-') {
        v.i++;
        if (!scan_idents(&v, &out->pre, true))
            return false;
    }
    out->build.data = v.s + v.i;
    if (v.i < v.len && v.s[v.i] == '+') {
        v.i++;
        if (!scan_idents(&v, &out->build, false))
            return false;
    }
    if (v.i != v.len)
        return version_fail(&v, "unexpected characters after the version");
    out->present = true;
    out->text.data = v.s;
    out->text.len = (uint32_t)v.len;
    out->span = v.span;
    return true;
}

/* ---- package names and use-paths ------------------------------------------- */

static bool push_ident(parser *p, vec *v, const wit_ident *id)
{
    wit_ident *slot = vec_push(p, v, sizeof *slot);
    if (!slot)
        return false;
    *slot = *id;
    return true;
}

bool parse_package_name(parser *p, wit_package_name *out)
{
    uint32_t start = peek(p)->start;
    vec ns = {0}, nested = {0};
    wit_ident id;
    if (!parse_ident(p, &id, "a package namespace"))
        return false;
    if (!at(p, TOK_COLON))
        return fail_expected(p, "`:` (package names look like `namespace:name`)");
    while (eat(p, TOK_COLON)) {
        if (!push_ident(p, &ns, &id) || !parse_ident(p, &id, "a package name"))
            return false;
    }
    out->name = id;
    while (eat(p, TOK_SLASH)) {
        if (!parse_ident(p, &id, "a nested package name") || !push_ident(p, &nested, &id))
            return false;
    }
    out->namespaces = ns.data;
    out->namespace_count = ns.count;
    out->nested = nested.data;
    out->nested_count = nested.count;
    if (eat(p, TOK_AT) && !parse_version(p, &out->version))
        return false;
    out->span = span_from(p, start);
    return true;
}

bool parse_use_path(parser *p, wit_use_path *out)
{
    uint32_t start = peek(p)->start;
    memset(out, 0, sizeof *out);
    wit_ident id;
    if (!parse_ident(p, &id, "an interface name or path"))
        return false;
    if (!at(p, TOK_COLON)) {
        out->name = id;
        out->span = span_from(p, start);
        return true;
    }
    out->qualified = true;
    vec ns = {0}, nested = {0};
    while (eat(p, TOK_COLON)) {
        if (!push_ident(p, &ns, &id) || !parse_ident(p, &id, "a package name"))
            return false;
    }
    out->package.name = id;
    if (!at(p, TOK_SLASH))
        return fail_expected(p, "`/` and an interface name after the package name");
    bool first = true;
    while (eat(p, TOK_SLASH)) {
        if (!first && !push_ident(p, &nested, &id))
            return false;
        if (!parse_ident(p, &id, "an interface name"))
            return false;
        first = false;
    }
    out->name = id;
    out->package.namespaces = ns.data;
    out->package.namespace_count = ns.count;
    out->package.nested = nested.data;
    out->package.nested_count = nested.count;
    if (eat(p, TOK_AT) && !parse_version(p, &out->package.version))
        return false;
    out->span = span_from(p, start);
    out->package.span = out->span;
    return true;
}
