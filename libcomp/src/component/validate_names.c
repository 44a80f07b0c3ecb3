/* Names: kebab-case labels, extern names (plain, annotated and interface
 * names with semver), strong uniqueness (Explainer.md "Name Uniqueness")
 * and the import/export rules of Binary.md that depend on names. */
#include "component/validate.h"

#include <stdlib.h>
#include <string.h>

/* ---- strongly-unique name sets ------------------------------------------ */

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static uint32_t hash_ci(comp_str k)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < k.len; i++)
        h = (h ^ (uint8_t)lower(k.data[i])) * 16777619u;
    return h;
}

static bool eq_ci(comp_str a, comp_str b)
{
    if (a.len != b.len)
        return false;
    for (uint32_t i = 0; i < a.len; i++)
        if (lower(a.data[i]) != lower(b.data[i]))
            return false;
    return true;
}

void nameset_free(nameset *ns)
{
    free(ns->slots);
    memset(ns, 0, sizeof *ns);
}

/* Clearing bumps the generation, so it costs nothing per slot. */
void nameset_clear(nameset *ns)
{
    ns->gen++;
    ns->used = 0;
}

static nameslot *probe(const nameset *ns, comp_str key, uint32_t h)
{
    uint32_t mask = ns->cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        nameslot *sl = &ns->slots[i];
        if (sl->gen != ns->gen || (sl->hash == h && eq_ci(sl->key, key)))
            return sl;
    }
}

const nameslot *nameset_find(const nameset *ns, comp_str key)
{
    if (!ns->cap)
        return NULL;
    nameslot *sl = probe(ns, key, hash_ci(key));
    return sl->gen == ns->gen ? sl : NULL;
}

static bool nameset_grow(vstate *s, nameset *ns, size_t offset)
{
    uint32_t cap = ns->cap ? ns->cap * 2 : 16;
    if (cap < ns->cap)
        return v_oom(s, offset);
    nameslot *old = ns->slots;
    uint32_t old_cap = ns->cap, old_gen = ns->gen;
    ns->slots = calloc(cap, sizeof *ns->slots);
    if (!ns->slots) {
        ns->slots = old;
        return v_oom(s, offset);
    }
    ns->cap = cap;
    ns->gen = 1;
    for (uint32_t i = 0; i < old_cap; i++)
        if (old[i].gen == old_gen && old_gen != 0) {
            nameslot *sl = probe(ns, old[i].key, old[i].hash);
            *sl = old[i];
            sl->gen = 1;
        }
    free(old);
    return true;
}

bool nameset_insert(vstate *s, nameset *ns, comp_str key, comp_str name, uint32_t value,
                    const nameslot **prev, size_t offset)
{
    *prev = NULL;
    if (ns->gen == 0)
        ns->gen = 1;
    if ((ns->used + 1) * 2 > ns->cap && !nameset_grow(s, ns, offset))
        return false;
    uint32_t h = hash_ci(key);
    nameslot *sl = probe(ns, key, h);
    if (sl->gen == ns->gen) {
        *prev = sl;
        return false;
    }
    sl->gen = ns->gen;
    sl->hash = h;
    sl->key = key;
    sl->name = name;
    sl->value = value;
    ns->used++;
    return true;
}

/* ---- labels ---------------------------------------------------------------- */

/* label ::= first-fragment ('-' fragment)*; a fragment is all lowercase or
 * all uppercase (digits allowed); the first starts with a letter. */
static bool is_kebab(comp_str l)
{
    if (l.len == 0)
        return false;
    uint32_t i = 0;
    bool first = true;
    for (;;) {
        uint32_t start = i;
        int letter_case = 0;
        for (; i < l.len && l.data[i] != '-'; i++) {
            char c = l.data[i];
            if (c >= 'a' && c <= 'z') {
                if (letter_case == 2)
                    return false;
                letter_case = 1;
            } else if (c >= 'A' && c <= 'Z') {
                if (letter_case == 1)
                    return false;
                letter_case = 2;
            } else if (c >= '0' && c <= '9') {
                if (first && i == start)
                    return false;
            } else {
                return false;
            }
        }
        if (i == start)
            return false;
        first = false;
        if (i == l.len)
            return true;
        i++; /* '-' */
    }
}

/* words ::= first-word ('-' word)*: kebab case without acronyms. */
static bool is_words(comp_str w)
{
    if (!is_kebab(w))
        return false;
    for (uint32_t i = 0; i < w.len; i++)
        if (w.data[i] >= 'A' && w.data[i] <= 'Z')
            return false;
    return true;
}

bool check_label(vstate *s, comp_str label, const char *what, size_t offset)
{
    if (label.len == 0 && what)
        return v_fail(s, offset, "%s cannot be empty", what);
    if (is_kebab(label))
        return true;
    if (what)
        return v_fail(s, offset, "%s `%.*s` is not in kebab case", what, (int)label.len, label.data);
    return v_fail(s, offset, "`%.*s` is not in kebab case", (int)label.len, label.data);
}

bool check_labels(vstate *s, const comp_str *labels, uint32_t count, size_t stride,
                  const char *what, const char *prev_what, size_t offset)
{
    nameset_clear(&s->scratch);
    for (uint32_t i = 0; i < count; i++) {
        comp_str l = *(const comp_str *)((const char *)labels + i * stride);
        if (!check_label(s, l, what, offset))
            return false;
        const nameslot *prev;
        if (!nameset_insert(s, &s->scratch, l, l, i, &prev, offset)) {
            if (!prev)
                return false;
            return v_fail(s, offset, "%s `%.*s` conflicts with previous %s `%.*s`", what,
                          (int)l.len, l.data, prev_what, (int)prev->name.len, prev->name.data);
        }
    }
    return true;
}

/* ---- semantic versions (semver.org 2.0) --------------------------------- */

typedef struct cursor {
    const char *p, *end;
} cursor;

static bool sv_fail(vstate *s, size_t offset, comp_str name, const char *detail, char c,
                    const char *where)
{
    if (c)
        return v_fail(s, offset, "`%.*s` is not a valid extern name: %s '%c' %s", (int)name.len,
                      name.data, detail, c, where);
    return v_fail(s, offset, "`%.*s` is not a valid extern name: %s %s", (int)name.len, name.data,
                  detail, where);
}

static bool sv_number(vstate *s, cursor *c, comp_str name, const char *what, size_t offset)
{
    if (c->p == c->end)
        return v_fail(s, offset, "`%.*s` is not a valid extern name: unexpected end of input "
                      "while parsing %s", (int)name.len, name.data, what);
    if (*c->p < '0' || *c->p > '9')
        return v_fail(s, offset, "`%.*s` is not a valid extern name: unexpected character '%c' "
                      "while parsing %s", (int)name.len, name.data, *c->p, what);
    const char *start = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
        c->p++;
    if (*start == '0' && c->p - start > 1)
        return sv_fail(s, offset, name, "invalid leading zero in", 0, what);
    return true;
}

/* Dot-separated identifiers of a pre-release or build part. */
static bool sv_idents(vstate *s, cursor *c, comp_str name, bool pre, size_t offset)
{
    const char *what = pre ? "pre-release identifier" : "build metadata";
    for (;;) {
        const char *start = c->p;
        bool numeric = true;
        while (c->p < c->end && *c->p != '.' && !(pre && *c->p == '+')) {
            char ch = *c->p;
            bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
                         (ch >= 'A' && ch <= 'Z') || ch == '-';
            if (!alnum)
                return sv_fail(s, offset, name, "unexpected character", ch, "in version");
            if (ch < '0' || ch > '9')
                numeric = false;
            c->p++;
        }
        if (c->p == start)
            return sv_fail(s, offset, name, "empty identifier segment in", 0, what);
        if (pre && numeric && *start == '0' && c->p - start > 1)
            return sv_fail(s, offset, name, "invalid leading zero in", 0, what);
        if (c->p < c->end && *c->p == '.') {
            c->p++;
            continue;
        }
        return true;
    }
}

static bool check_semver(vstate *s, comp_str v, comp_str name, size_t offset)
{
    if (v.len == 0)
        return v_fail(s, offset, "`%.*s` is not a valid extern name: empty string, expected a semver version",
                      (int)name.len, name.data);
    cursor c = {v.data, v.data + v.len};
    if (!sv_number(s, &c, name, "major version number", offset))
        return false;
    static const char *const parts[] = {"minor version number", "patch version number"};
    for (int i = 0; i < 2; i++) {
        if (c.p == c.end)
            return sv_fail(s, offset, name, "unexpected end of input while parsing", 0, parts[i]);
        if (*c.p != '.')
            return sv_fail(s, offset, name, "unexpected character", *c.p,
                           i == 0 ? "after major version number" : "after minor version number");
        c.p++;
        if (!sv_number(s, &c, name, parts[i], offset))
            return false;
    }
    if (c.p < c.end && *c.p == '-') {
        c.p++;
        if (!sv_idents(s, &c, name, true, offset))
            return false;
    }
    if (c.p < c.end && *c.p == '+') {
        c.p++;
        if (!sv_idents(s, &c, name, false, offset))
            return false;
    }
    if (c.p < c.end)
        return sv_fail(s, offset, name, "unexpected character", *c.p, "after patch version number");
    return true;
}

/* canonversion ::= [1-9][0-9]* | '0.'[1-9][0-9]* | '0.0.'[1-9][0-9]* | '0.0.0' */
static bool is_canonversion(comp_str v)
{
    uint32_t i = 0, zeros = 0;
    while (zeros < 2 && i + 1 < v.len && v.data[i] == '0' && v.data[i + 1] == '.') {
        i += 2;
        zeros++;
    }
    if (zeros == 2 && i + 1 == v.len && v.data[i] == '0')
        return true;
    if (i >= v.len || v.data[i] < '1' || v.data[i] > '9')
        return false;
    for (; i < v.len; i++)
        if (v.data[i] < '0' || v.data[i] > '9')
            return false;
    return true;
}

/* ---- extern names ---------------------------------------------------------- */

static comp_str sub(comp_str s, uint32_t from, uint32_t to)
{
    comp_str r = {s.data + from, to - from};
    return r;
}

static bool has_prefix(comp_str s, const char *p)
{
    size_t n = strlen(p);
    return s.len >= n && memcmp(s.data, p, n) == 0;
}

static bool name_part_fail(vstate *s, comp_str name, comp_str part, size_t offset)
{
    return v_fail(s, offset, "`%.*s` is not a valid extern name: `%.*s` is not in kebab case",
                  (int)name.len, name.data, (int)part.len, part.data);
}

/* interfacename ::= namespace ':' words '/' label ('@' semver)? (nested
 * namespaces and projections are a gated feature and rejected). */
static bool parse_interface(vstate *s, comp_str name, comp_str *version, size_t offset)
{
    uint32_t colon = 0;
    while (name.data[colon] != ':')
        colon++;
    comp_str ns = sub(name, 0, colon);
    if (!is_words(ns))
        return name_part_fail(s, name, ns, offset);
    uint32_t i = colon + 1;
    while (i < name.len && name.data[i] != '/' && name.data[i] != ':' && name.data[i] != '@')
        i++;
    comp_str pkg = sub(name, colon + 1, i);
    if (!is_words(pkg))
        return name_part_fail(s, name, pkg, offset);
    if (i == name.len || name.data[i] != '/')
        return v_fail(s, offset, "`%.*s` is not a valid extern name: expected `/` after package name",
                      (int)name.len, name.data);
    uint32_t start = ++i;
    while (i < name.len && name.data[i] != '/' && name.data[i] != '@')
        i++;
    comp_str iface = sub(name, start, i);
    if (!is_kebab(iface))
        return name_part_fail(s, name, iface, offset);
    if (i < name.len && name.data[i] == '/') {
        uint32_t end = i;
        while (end < name.len && name.data[end] != '@')
            end++;
        return v_fail(s, offset, "`%.*s` is not a valid extern name: trailing characters found: `%.*s`",
                      (int)name.len, name.data, (int)(end - i), name.data + i);
    }
    version->data = NULL;
    version->len = 0;
    if (i < name.len) { /* '@' */
        *version = sub(name, i + 1, name.len);
        if (version->len == 0)
            version->data = name.data + name.len;
        if (!check_semver(s, *version, name, offset))
            return false;
    }
    return true;
}

static bool parse_annotated(vstate *s, comp_str name, uint32_t prefix_len, vname *out,
                            size_t offset)
{
    comp_str rest = sub(name, prefix_len, name.len);
    uint32_t dot = 0;
    while (dot < rest.len && rest.data[dot] != '.')
        dot++;
    if (dot == rest.len)
        return v_fail(s, offset, "`%.*s` is not a valid extern name: failed to find `.` character",
                      (int)name.len, name.data);
    out->resource = sub(rest, 0, dot);
    out->item = sub(rest, dot + 1, rest.len);
    if (!is_kebab(out->resource))
        return name_part_fail(s, name, out->resource, offset);
    if (!is_kebab(out->item))
        return name_part_fail(s, name, out->item, offset);
    /* [method]l.l and [static]l.l canonicalize to l; otherwise the
     * annotation is stripped. */
    out->key = eq_ci(out->resource, out->item) ? out->resource : rest;
    return true;
}

bool parse_extern_name(vstate *s, comp_str name, vname *out, size_t offset)
{
    memset(out, 0, sizeof *out);
    out->key = name;
    if (memchr(name.data, ':', name.len)) {
        comp_str version;
        out->kind = NAME_INTERFACE;
        return parse_interface(s, name, &version, offset);
    }
    if (has_prefix(name, "[constructor]")) {
        out->kind = NAME_CONSTRUCTOR;
        out->resource = sub(name, 13, name.len);
        if (!is_kebab(out->resource))
            return name_part_fail(s, name, out->resource, offset);
        return true;
    }
    if (has_prefix(name, "[method]")) {
        out->kind = NAME_METHOD;
        return parse_annotated(s, name, 8, out, offset);
    }
    if (has_prefix(name, "[static]")) {
        out->kind = NAME_STATIC;
        return parse_annotated(s, name, 8, out, offset);
    }
    out->kind = NAME_PLAIN;
    if (!is_kebab(name))
        return name_part_fail(s, name, name, offset);
    return true;
}

bool check_interface_name(vstate *s, comp_str name, size_t offset)
{
    if (name.len == 0)
        return v_fail(s, offset, "`` is not a valid name for `implements`");
    if (!memchr(name.data, ':', name.len))
        return v_fail(s, offset, "`%.*s` must be an interface name for `implements`",
                      (int)name.len, name.data);
    comp_str version;
    return parse_interface(s, name, &version, offset);
}

/* ---- imports and exports ----------------------------------------------------- */

static const char *attr_name(uint8_t kind)
{
    switch (kind) {
    case COMP_ATTR_IMPLEMENTS: return "implements";
    case COMP_ATTR_VERSION_SUFFIX: return "versionsuffix";
    default: return "external-id";
    }
}

static bool check_attributes(vstate *s, const comp_extern_name *n, const vname *vn,
                             const ventity *e, size_t offset)
{
    bool seen[3] = {false, false, false};
    for (uint32_t i = 0; i < n->attribute_count; i++) {
        const comp_attribute *a = &n->attributes[i];
        if (a->kind > COMP_ATTR_EXTERNAL_ID)
            return v_fail(s, offset, "invalid leading byte (0x%x) for name option", a->kind);
        if (seen[a->kind])
            return v_fail(s, offset, "duplicate '%s' option in name", attr_name(a->kind));
        seen[a->kind] = true;
        if (a->kind == COMP_ATTR_IMPLEMENTS) {
            if (!check_interface_name(s, a->value, offset))
                return false;
            if (e->sort != COMP_SORT_INSTANCE)
                return v_fail(s, offset, "only instances can have an `implements` attribute");
            if (vn->kind != NAME_PLAIN)
                return v_fail(s, offset, "name `%.*s` is not valid with `implements`",
                              (int)n->name.len, n->name.data);
        } else if (a->kind == COMP_ATTR_VERSION_SUFFIX) {
            comp_str version = {NULL, 0};
            if (vn->kind == NAME_INTERFACE) {
                const char *at = memchr(n->name.data, '@', n->name.len);
                if (at)
                    version = sub(n->name, (uint32_t)(at - n->name.data) + 1, n->name.len);
            }
            if (!version.data || !is_canonversion(version))
                return v_fail(s, offset, "`versionsuffix` on `%.*s` requires an interface name "
                              "with a canonical version", (int)n->name.len, n->name.data);
            for (uint32_t k = 0; k < a->value.len; k++) {
                char c = a->value.data[k];
                bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                          (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-';
                if (!ok)
                    return v_fail(s, offset, "invalid character in version suffix `%.*s`",
                                  (int)a->value.len, a->value.data);
            }
        }
    }
    return true;
}

/* The name under which resource `r` was imported (or exported) in `sc`. */
static const vnamed *resource_name(vscope *sc, vid r, bool is_import)
{
    uint32_t i = vmap_get(is_import ? &sc->import_resource_names : &sc->export_resource_names, r);
    if (i == UINT32_MAX)
        return NULL;
    return is_import ? &sc->imports[i] : &sc->exports[i];
}

static bool check_resource_named(vstate *s, vscope *sc, vid r, comp_str want, bool is_import,
                                 size_t offset)
{
    const vnamed *named = resource_name(sc, r, is_import);
    if (!named)
        return v_fail(s, offset, "resource used in function does not have a name in this context");
    if (!comp_str_eq(named->name, want))
        return v_fail(s, offset, "function does not match expected resource name `%.*s`",
                      (int)named->name.len, named->name.data);
    return true;
}

static bool check_annotation(vstate *s, vscope *sc, const comp_extern_name *n, const vname *vn,
                             const ventity *e, bool is_import, size_t offset)
{
    if (vn->kind == NAME_PLAIN || vn->kind == NAME_INTERFACE)
        return true;
    if (e->sort != COMP_SORT_FUNC)
        return v_fail(s, offset, "item `%.*s` is not a func", (int)n->name.len, n->name.data);
    const vnode *ft = node_at(s, e->type);
    if (vn->kind == NAME_CONSTRUCTOR) {
        if (!ft->has_a)
            return v_fail(s, offset, "function should return one value");
        vval r = ft->a;
        if (!r.prim && node_at(s, r.id)->kind == COMP_TYPE_RESULT && node_at(s, r.id)->has_a)
            r = node_at(s, r.id)->a;
        if (r.prim || node_at(s, r.id)->kind != COMP_TYPE_OWN)
            return v_fail(s, offset, "function should return `(own $T)` or `(result (own $T))`");
        return check_resource_named(s, sc, node_at(s, r.id)->resource, vn->resource, is_import,
                                    offset);
    }
    if (vn->kind == NAME_METHOD) {
        if (ft->count == 0)
            return v_fail(s, offset, "function should have at least one argument");
        const vfield *self = &ft->fields[0];
        if (!(self->label.len == 4 && memcmp(self->label.data, "self", 4) == 0))
            return v_fail(s, offset, "function should have a first argument called `self`");
        if (self->type.prim || node_at(s, self->type.id)->kind != COMP_TYPE_BORROW)
            return v_fail(s, offset, "function should take a first argument of `(borrow $T)`");
        return check_resource_named(s, sc, node_at(s, self->type.id)->resource, vn->resource,
                                    is_import, offset);
    }
    /* [static] */
    nameset *set = is_import ? &sc->import_resources : &sc->export_resources;
    if (!nameset_find(set, vn->resource))
        return v_fail(s, offset, "static resource name is not known in this context");
    return true;
}

static bool push_named(vstate *s, vnamed **arr, uint32_t *count, uint32_t *cap, comp_str name,
                       const ventity *e, size_t offset)
{
    vnamed *p = comp_heap_reserve(*arr, cap, (uint64_t)*count + 1, sizeof *p);
    if (!p)
        return v_oom(s, offset);
    *arr = p;
    (*arr)[*count].name = name;
    (*arr)[*count].e = *e;
    (*count)++;
    return true;
}

bool add_extern_name(vstate *s, vscope *sc, const comp_extern_name *n, const ventity *e,
                     bool is_import, size_t offset)
{
    vname vn;
    if (!parse_extern_name(s, n->name, &vn, offset) || !check_attributes(s, n, &vn, e, offset) ||
        !check_annotation(s, sc, n, &vn, e, is_import, offset))
        return false;
    nameset *names = is_import ? &sc->import_names : &sc->export_names;
    uint32_t index = is_import ? sc->import_count : sc->export_count;
    const nameslot *prev;
    if (!nameset_insert(s, names, vn.key, n->name, index, &prev, offset)) {
        if (!prev)
            return false;
        return v_fail(s, offset, "%s name `%.*s` conflicts with previous name `%.*s`",
                      is_import ? "import" : "export", (int)n->name.len, n->name.data,
                      (int)prev->name.len, prev->name.data);
    }
    /* Resource names for `[constructor]`/`[method]`/`[static]` annotations.
     * A bag of exports introduces no type index, so within it no resource
     * has a name of the bag's own: its `r` export is the very type passed in
     * (a definition or another scope's name), never "the type index of the
     * resource named `r`" (Explainer.md "External Visibility of Types").
     * Annotated names in a bag therefore find no resource, as in the
     * reference validator; components and component/instance types use
     * their own exports. */
    if (!sc->bag && e->sort == COMP_SORT_TYPE &&
        node_at(s, e->type)->kind == COMP_TYPE_RESOURCE && vn.kind == NAME_PLAIN) {
        nameset *rs = is_import ? &sc->import_resources : &sc->export_resources;
        vmap *rn = is_import ? &sc->import_resource_names : &sc->export_resource_names;
        if (!nameset_insert(s, rs, n->name, n->name, e->type, &prev, offset) && !prev)
            return false;
        if (vmap_get(rn, e->type) == UINT32_MAX && !vmap_put(s, rn, e->type, index, offset))
            return false;
    }
    if (is_import)
        return push_named(s, &sc->imports, &sc->import_count, &sc->import_cap, n->name, e, offset);
    return push_named(s, &sc->exports, &sc->export_count, &sc->export_cap, n->name, e, offset);
}
