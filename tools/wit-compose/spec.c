/* Reading a composition file (spec.h) from YAML with libyaml's document
 * loader: every node keeps its start mark, so errors point at the line. */
#include "spec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/arena.h"

typedef struct reader {
    const char *path;
    yaml_document_t *doc;
    spec *s;
} reader;

static spec_mark mark_of(const yaml_node_t *n)
{
    spec_mark m = {(unsigned)n->start_mark.line + 1, (unsigned)n->start_mark.column + 1};
    return m;
}

static bool fail(const reader *r, const yaml_node_t *at, const char *fmt, ...)
{
    spec_mark m = mark_of(at);
    fprintf(stderr, "wit-compose: %s:%u:%u: error: ", r->path, m.line, m.col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return false;
}

static yaml_node_t *node(const reader *r, int id)
{
    return yaml_document_get_node(r->doc, id);
}

/* The text of scalar `n` (NULL after printing why when it is not one). */
static const char *scalar(const reader *r, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        fail(r, n, "%s: expected a string", what);
        return NULL;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length || !*s) {
        fail(r, n, "%s: expected a non-empty string without NUL bytes", what);
        return NULL;
    }
    return s;
}

static bool is_mapping(const reader *r, yaml_node_t *n, const char *what)
{
    return n->type == YAML_MAPPING_NODE || fail(r, n, "%s: expected a mapping", what);
}

static uint32_t pair_count(yaml_node_t *n)
{
    return (uint32_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

/* Key `i` of mapping `n` as text (duplicates in the top lists are caught
 * where names are indexed, build.c). */
static const char *key_at(const reader *r, yaml_node_t *n, uint32_t i, yaml_node_t **value)
{
    yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
    yaml_node_t *k = node(r, p->key);
    *value = node(r, p->value);
    r->s->last_key = k;
    if (!k || !*value) {
        fail(r, n, "malformed mapping");
        return NULL;
    }
    return scalar(r, k, "a key");
}

static char *owned_copy(const reader *r, const char *text)
{
    spec *s = r->s;
    char **owned = comp_heap_reserve(s->owned, &s->owned_cap, (uint64_t)s->owned_count + 1,
                                     sizeof *owned);
    if (!owned)
        return NULL;
    s->owned = owned;
    char *c = strdup(text);
    if (c)
        s->owned[s->owned_count++] = c;
    return c;
}

static bool parse_bool(const reader *r, yaml_node_t *n, const char *what, bool *out)
{
    const char *s = scalar(r, n, what);
    if (!s)
        return false;
    if (!strcmp(s, "true") || !strcmp(s, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(s, "false") || !strcmp(s, "no")) {
        *out = false;
        return true;
    }
    return fail(r, n, "%s: expected true or false, found `%s`", what, s);
}

/* "inst", "inst.export" (split at the first dot: instance names have none,
 * export names may: versions), or {instance: .., export: ..}. */
static bool parse_ref(const reader *r, yaml_node_t *n, spec_ref *out)
{
    out->at = mark_of(n);
    out->export = NULL;
    if (n->type == YAML_SCALAR_NODE) {
        const char *s = scalar(r, n, "an instance reference");
        if (!s)
            return false;
        const char *dot = strchr(s, '.');
        out->instance = s;
        if (!dot)
            return true;
        /* A copy cut at the dot (the node may be shared through an alias). */
        char *copy = owned_copy(r, s);
        if (!copy)
            return fail(r, n, "out of memory");
        copy[dot - s] = '\0';
        out->instance = copy;
        out->export = copy + (dot - s) + 1;
        if (!*out->instance || !*out->export)
            return fail(r, n, "expected `instance` or `instance.export`");
        return true;
    }
    if (!is_mapping(r, n, "an instance reference"))
        return false;
    out->instance = NULL;
    for (uint32_t i = 0; i < pair_count(n); i++) {
        yaml_node_t *v;
        const char *k = key_at(r, n, i, &v);
        if (!k)
            return false;
        if (!strcmp(k, "instance"))
            out->instance = scalar(r, v, "instance");
        else if (!strcmp(k, "export"))
            out->export = scalar(r, v, "export");
        else
            return fail(r, r->s->last_key, "unknown key `%s` (expected instance or export)", k);
        if (!strcmp(k, "instance") ? !out->instance : !out->export)
            return false;
    }
    return out->instance || fail(r, n, "an instance reference needs `instance:`");
}

static bool parse_component(const reader *r, const char *name, yaml_node_t *v, spec_component *c)
{
    c->name = name;
    c->at = mark_of(v);
    if (v->type == YAML_SCALAR_NODE)
        return (c->path = scalar(r, v, "a component's path")) != NULL;
    if (!is_mapping(r, v, "a component (a path, or a mapping with path:)"))
        return false;
    for (uint32_t i = 0; i < pair_count(v); i++) {
        yaml_node_t *x;
        const char *k = key_at(r, v, i, &x);
        if (!k)
            return false;
        if (!strcmp(k, "path")) {
            if (!(c->path = scalar(r, x, "path")))
                return false;
        } else if (!strcmp(k, "import")) {
            /* true: imported under the component's name; a string: under
             * that name. */
            bool yes;
            const char *s = scalar(r, x, "import");
            if (!s)
                return false;
            if (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "yes") ||
                !strcmp(s, "no")) {
                if (!parse_bool(r, x, "import", &yes))
                    return false;
                c->import_name = yes ? name : NULL;
            } else {
                c->import_name = s;
            }
        } else {
            return fail(r, r->s->last_key, "unknown key `%s` in component `%s` (expected path or import)", k,
                        name);
        }
    }
    return c->path || fail(r, v, "component `%s` needs `path:`", name);
}

static bool parse_args(const reader *r, yaml_node_t *v, spec_instance *in)
{
    if (!is_mapping(r, v, "args (import name: instance or instance.export)"))
        return false;
    uint32_t n = pair_count(v);
    in->args = calloc(n ? n : 1, sizeof *in->args);
    if (!in->args)
        return fail(r, v, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        yaml_node_t *x;
        const char *k = key_at(r, v, i, &x);
        if (!k)
            return false;
        for (uint32_t j = 0; j < in->arg_count; j++)
            if (!strcmp(in->args[j].import, k))
                return fail(r, x, "import `%s` is wired twice", k);
        spec_arg *a = &in->args[in->arg_count++];
        a->import = k;
        if (!parse_ref(r, x, &a->from))
            return false;
    }
    return true;
}

static bool parse_instance(const reader *r, const char *name, yaml_node_t *v, spec_instance *in)
{
    in->name = name;
    in->at = mark_of(v);
    if (strchr(name, '.'))
        return fail(r, v, "instance name `%s` must not contain a dot", name);
    if (v->type == YAML_SCALAR_NODE)
        return (in->component = scalar(r, v, "an instance's component")) != NULL;
    if (!is_mapping(r, v, "an instance (a component name, or a mapping with component:)"))
        return false;
    for (uint32_t i = 0; i < pair_count(v); i++) {
        yaml_node_t *x;
        const char *k = key_at(r, v, i, &x);
        if (!k)
            return false;
        if (!strcmp(k, "component")) {
            if (!(in->component = scalar(r, x, "component")))
                return false;
        } else if (!strcmp(k, "args")) {
            if (in->args)
                return fail(r, x, "`args` given twice");
            if (!parse_args(r, x, in))
                return false;
        } else {
            return fail(r, r->s->last_key, "unknown key `%s` in instance `%s` (expected component or args)",
                        k, name);
        }
    }
    return in->component || fail(r, v, "instance `%s` needs `component:`", name);
}

/* One top-level list: a mapping from names to entries. */
static bool parse_list(const reader *r, yaml_node_t *v, const char *what, spec *s)
{
    if (!is_mapping(r, v, what))
        return false;
    uint32_t n = pair_count(v);
    bool comps = !strcmp(what, "components"), insts = !strcmp(what, "instances");
    bool provs = !strcmp(what, "providers");
    size_t size = comps ? sizeof(spec_component)
                        : insts ? sizeof(spec_instance)
                                : provs ? sizeof(spec_provider) : sizeof(spec_export);
    void *items = calloc(n ? n : 1, size);
    if (!items)
        return fail(r, v, "out of memory");
    if (comps)
        s->components = items;
    else if (insts)
        s->instances = items;
    else if (provs)
        s->providers = items;
    else
        s->exports = items;
    for (uint32_t i = 0; i < n; i++) {
        yaml_node_t *x;
        const char *k = key_at(r, v, i, &x);
        if (!k)
            return false;
        if (comps) {
            if (!parse_component(r, k, x, &s->components[s->component_count++]))
                return false;
        } else if (insts) {
            if (!parse_instance(r, k, x, &s->instances[s->instance_count++]))
                return false;
        } else if (provs) {
            spec_provider *p = &s->providers[s->provider_count++];
            p->name = k;
            p->at = mark_of(x);
            if (!(p->instance = scalar(r, x, "a provider (an instance name)")))
                return false;
        } else {
            spec_export *e = &s->exports[s->export_count++];
            e->as = k;
            if (!parse_ref(r, x, &e->from))
                return false;
        }
    }
    return true;
}

static bool parse_root(const reader *r, yaml_node_t *root, spec *s)
{
    if (!is_mapping(r, root, "a composition"))
        return false;
    bool seen[5] = {false};
    static const char *const keys[5] = {"components", "instances", "providers", "exports",
                                        "auto-wire"};
    for (uint32_t i = 0; i < pair_count(root); i++) {
        yaml_node_t *v;
        const char *k = key_at(r, root, i, &v);
        if (!k)
            return false;
        int which = -1;
        for (int j = 0; j < 5; j++)
            if (!strcmp(k, keys[j]))
                which = j;
        if (which < 0)
            return fail(r, r->s->last_key, "unknown key `%s` (expected components, instances, providers, "
                        "exports or auto-wire)", k);
        if (seen[which])
            return fail(r, v, "`%s` given twice", k);
        seen[which] = true;
        if (which == 4) {
            if (!parse_bool(r, v, "auto-wire", &s->auto_wire))
                return false;
        } else if (!parse_list(r, v, k, s)) {
            return false;
        }
    }
    if (!s->component_count)
        return fail(r, root, "a composition needs `components:` (name: path)");
    if (seen[1])
        return true;
    /* No instances: one per component, named like it. */
    s->instances = calloc(s->component_count, sizeof *s->instances);
    if (!s->instances)
        return fail(r, root, "out of memory");
    for (uint32_t i = 0; i < s->component_count; i++) {
        spec_instance *in = &s->instances[s->instance_count++];
        in->name = in->component = s->components[i].name;
        in->at = s->components[i].at;
    }
    return true;
}

bool spec_load(const char *path, spec *s, bool *invalid)
{
    memset(s, 0, sizeof *s);
    s->auto_wire = true;
    *invalid = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "wit-compose: %s: %s\n", path, strerror(errno));
        return false;
    }
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        fclose(f);
        fprintf(stderr, "wit-compose: out of memory\n");
        return false;
    }
    yaml_parser_set_input_file(&p, f);
    bool ok = yaml_parser_load(&p, &s->doc) != 0;
    if (!ok) {
        *invalid = true;
        fprintf(stderr, "wit-compose: %s:%u:%u: error: %s%s%s\n", path,
                (unsigned)p.problem_mark.line + 1, (unsigned)p.problem_mark.column + 1,
                p.problem ? p.problem : "malformed YAML", p.context ? " " : "",
                p.context ? p.context : "");
    }
    s->has_doc = ok;
    yaml_parser_delete(&p);
    fclose(f);
    if (!ok)
        return false;
    reader r = {path, &s->doc, s};
    yaml_node_t *root = yaml_document_get_root_node(&s->doc);
    if (!root) {
        fprintf(stderr, "wit-compose: %s: error: the file is empty\n", path);
        ok = false;
    } else {
        ok = parse_root(&r, root, s);
    }
    *invalid = !ok;
    return ok;
}

void spec_free(spec *s)
{
    for (uint32_t i = 0; s->instances && i < s->instance_count; i++)
        free(s->instances[i].args);
    free(s->components);
    free(s->instances);
    free(s->providers);
    free(s->exports);
    for (uint32_t i = 0; i < s->owned_count; i++)
        free(s->owned[i]);
    free(s->owned);
    if (s->has_doc)
        yaml_document_delete(&s->doc);
    memset(s, 0, sizeof *s);
}
