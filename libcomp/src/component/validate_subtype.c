/* Subtyping (Explainer.md "Type Checking"): structural equality of value
 * and function types, resource identity through a substitution, and the
 * width subtyping of instance and component types (components are
 * contravariant in their imports). Also the substitution that instantiation
 * and imports apply to types: a copy in which resources are replaced. */
#include "component/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- u32 -> u32 hash map ----------------------------------------------------- */

static uint32_t mix(uint32_t k)
{
    k ^= k >> 16;
    k *= 0x7feb352du;
    k ^= k >> 15;
    k *= 0x846ca68bu;
    return k ^ (k >> 16);
}

uint32_t vmap_get(const vmap *m, uint32_t key)
{
    if (!m->cap)
        return UINT32_MAX;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = mix(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == UINT32_MAX)
            return UINT32_MAX;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void vmap_place(vmap *m, uint32_t key, uint32_t value)
{
    uint32_t mask = m->cap - 1;
    uint32_t i = mix(key) & mask;
    while (m->keys[i] != UINT32_MAX && m->keys[i] != key)
        i = (i + 1) & mask;
    if (m->keys[i] == UINT32_MAX)
        m->count++;
    m->keys[i] = key;
    m->vals[i] = value;
}

bool vmap_put(vstate *s, vmap *m, uint32_t key, uint32_t value, size_t offset)
{
    if ((m->count + 1) * 2 > m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 16;
        uint32_t *keys = malloc((size_t)cap * sizeof *keys);
        uint32_t *vals = malloc((size_t)cap * sizeof *vals);
        if (!keys || !vals || cap < m->cap) {
            free(keys);
            free(vals);
            return v_oom(s, offset);
        }
        memset(keys, 0xff, (size_t)cap * sizeof *keys);
        vmap old = *m;
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
        m->count = 0;
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.keys[i] != UINT32_MAX)
                vmap_place(m, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    vmap_place(m, key, value);
    return true;
}

void vmap_free(vmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

void subst_init(vsubst *m)
{
    memset(m, 0, sizeof *m);
    m->bind_serial_a = m->bind_serial_b = UINT32_MAX;
}

void subst_free(vsubst *m)
{
    vmap_free(&m->map);
    vmap_free(&m->memo);
}

/* ---- messages ------------------------------------------------------------ */

/* Puts `fmt` in front of the current message: "outer: inner". */
static bool v_context(vstate *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool v_context(vstate *s, const char *fmt, ...)
{
    if (!s->err)
        return false;
    char outer[128], inner[sizeof s->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(outer, sizeof outer, fmt, ap);
    va_end(ap);
    memcpy(inner, s->err->message, sizeof inner);
    /* Truncation is fine: the outer context comes first. */
    size_t n = strlen(outer);
    memcpy(s->err->message, outer, n);
    size_t room = sizeof s->err->message - n - 1;
    if (room > 2) {
        memcpy(s->err->message + n, ": ", 2);
        n += 2;
        room -= 2;
        size_t k = strnlen(inner, room);
        memcpy(s->err->message + n, inner, k);
        n += k;
    }
    s->err->message[n] = '\0';
    return false;
}

/* ---- equality ----------------------------------------------------------------- */

static vid resolved(const vsubst *m, vid r)
{
    vid to = vmap_get(&m->map, r);
    return to == UINT32_MAX ? r : to;
}

static bool bindable(vstate *s, const vsubst *m, vid r)
{
    const vnode *n = node_at(s, r);
    if (n->local || (m->bind_unimported_only && n->imported))
        return false;
    return n->origin == m->bind_serial_a || n->origin == m->bind_serial_b;
}

/* `may_bind`: the comparison is of a type import or export itself. An
 * abstract resource is bound by the name that introduces it (Explainer.md
 * "Type Checking": the introduction and elimination rules of universal and
 * existential types), never by a use of it inside another type: a use
 * compares the binding made earlier. */
static bool resource_same(vstate *s, vsubst *m, vid actual, vid expected, bool may_bind,
                          size_t offset)
{
    actual = resource_base(s, actual);
    expected = resource_base(s, expected);
    vid a = resolved(m, actual), e = resolved(m, expected);
    if (a == e)
        return true;
    if (may_bind && e == expected && bindable(s, m, expected))
        return vmap_put(s, &m->map, expected, a, offset);
    return v_fail(s, offset, "resource types are not the same");
}

static bool val_check(vstate *s, vsubst *m, vval a, vval e, size_t offset);

static bool fields_check(vstate *s, vsubst *m, const vnode *a, const vnode *e, size_t offset)
{
    const char *what = e->kind == COMP_TYPE_RECORD ? "fields" : "types";
    if (a->count != e->count)
        return v_fail(s, offset, "expected %u %s, found %u", e->count, what, a->count);
    for (uint32_t i = 0; i < e->count; i++) {
        if (e->kind == COMP_TYPE_RECORD && !comp_str_eq(a->fields[i].label, e->fields[i].label))
            return v_fail(s, offset,
                          s->plain_wording ? "expected field '%.*s', found '%.*s'"
                                           : "expected field name `%.*s`, found `%.*s`",
                          (int)e->fields[i].label.len, e->fields[i].label.data,
                          (int)a->fields[i].label.len, a->fields[i].label.data);
        if (!val_check(s, m, a->fields[i].type, e->fields[i].type, offset)) {
            if (e->kind == COMP_TYPE_RECORD)
                return v_context(s,
                                 s->plain_wording ? "record field '%.*s'"
                                                  : "type mismatch in record field `%.*s`",
                                 (int)e->fields[i].label.len, e->fields[i].label.data);
            return v_context(s, s->plain_wording ? "tuple field %u" : "type mismatch in tuple field %u",
                             i);
        }
    }
    return true;
}

static bool cases_check(vstate *s, vsubst *m, const vnode *a, const vnode *e, size_t offset)
{
    if (a->count != e->count)
        return v_fail(s, offset, "expected %u cases, found %u", e->count, a->count);
    for (uint32_t i = 0; i < e->count; i++) {
        const vfield *ac = &a->fields[i], *ec = &e->fields[i];
        int n = (int)ec->label.len;
        if (!comp_str_eq(ac->label, ec->label))
            return v_fail(s, offset,
                          s->plain_wording ? "expected case '%.*s', found '%.*s'"
                                           : "expected case named `%.*s`, found `%.*s`",
                          n, ec->label.data, (int)ac->label.len, ac->label.data);
        if (ac->has_type != ec->has_type)
            return ec->has_type
                       ? v_fail(s, offset, "expected case `%.*s` to have a type, found none", n,
                                ec->label.data)
                       : v_fail(s, offset, "expected case `%.*s` to have no type", n, ec->label.data);
        if (ec->has_type && !val_check(s, m, ac->type, ec->type, offset))
            return v_context(s,
                             s->plain_wording ? "variant case '%.*s'"
                                              : "type mismatch in variant case `%.*s`",
                             n, ec->label.data);
    }
    return true;
}

static bool labels_same(const vnode *a, const vnode *e)
{
    if (a->count != e->count)
        return false;
    for (uint32_t i = 0; i < e->count; i++)
        if (!comp_str_eq(a->fields[i].label, e->fields[i].label))
            return false;
    return true;
}

static bool optional_check(vstate *s, vsubst *m, bool ha, vval a, bool he, vval e,
                           const char *what, size_t offset)
{
    if (ha != he)
        return he ? v_fail(s, offset, "expected %s type, but found none", what)
                  : v_fail(s, offset, "expected %s type to not be present", what);
    if (he && !val_check(s, m, a, e, offset))
        return v_context(s, s->plain_wording ? "result %s type" : "type mismatch in %s variant", what);
    return true;
}

static bool val_check(vstate *s, vsubst *m, vval a, vval e, size_t offset)
{
    if (a.prim || e.prim) {
        if (a.prim == e.prim)
            return true;
        if (a.prim && e.prim)
            return v_fail(s, offset,
                          s->plain_wording ? "expected %s, found %s"
                                           : "expected primitive `%s` found primitive `%s`",
                          comp_primvaltype_name(e.prim), comp_primvaltype_name(a.prim));
        return v_fail(s, offset, "expected %s, found %s", val_kind_name(s, e), val_kind_name(s, a));
    }
    if (a.id == e.id)
        return true;
    /* Copy: checks below may bind resources, which never moves nodes, but
     * keep the pattern of not holding node pointers across calls simple. */
    const vnode *an = node_at(s, a.id), *en = node_at(s, e.id);
    if (an->kind != en->kind)
        return v_fail(s, offset, "expected %s, found %s", val_kind_name(s, e), val_kind_name(s, a));
    switch (en->kind) {
    case COMP_TYPE_RECORD:
    case COMP_TYPE_TUPLE:
        return fields_check(s, m, an, en, offset);
    case COMP_TYPE_VARIANT:
        return cases_check(s, m, an, en, offset);
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        if (!labels_same(an, en))
            return v_fail(s, offset, "mismatch in %s elements",
                          en->kind == COMP_TYPE_FLAGS ? "flags" : "enum");
        return true;
    case COMP_TYPE_LIST:
    case COMP_TYPE_OPTION:
        return val_check(s, m, an->a, en->a, offset);
    case COMP_TYPE_FIXED_LIST:
        if (an->length != en->length)
            return v_fail(s, offset, "expected list length %u, found %u", en->length, an->length);
        return val_check(s, m, an->a, en->a, offset);
    case COMP_TYPE_MAP:
        return val_check(s, m, an->a, en->a, offset) && val_check(s, m, an->b, en->b, offset);
    case COMP_TYPE_RESULT:
        return optional_check(s, m, an->has_a, an->a, en->has_a, en->a, "ok", offset) &&
               optional_check(s, m, an->has_b, an->b, en->has_b, en->b, "err", offset);
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        return resource_same(s, m, an->resource, en->resource, false, offset);
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        if (an->has_a != en->has_a)
            return v_fail(s, offset, "expected %s payload to %s", val_kind_name(s, e),
                          en->has_a ? "be present" : "be absent");
        return !en->has_a || val_check(s, m, an->a, en->a, offset);
    default:
        return true; /* a primitive behind an index never reaches here */
    }
}

bool val_equal(vstate *s, vsubst *m, vval a, vval b)
{
    comp_error saved, *old = s->err;
    s->err = &saved;
    bool ok = val_check(s, m, a, b, 0);
    s->err = old;
    return ok;
}

static bool func_check(vstate *s, vsubst *m, vid a_id, vid e_id, size_t offset)
{
    const vnode *a = node_at(s, a_id), *e = node_at(s, e_id);
    if (a->kind != e->kind)
        return v_fail(s, offset, "expected %s function, found %s function",
                      e->kind == COMP_TYPE_ASYNC_FUNC ? "an async" : "a sync",
                      a->kind == COMP_TYPE_ASYNC_FUNC ? "an async" : "a sync");
    if (a->count != e->count)
        return v_fail(s, offset, "expected %u parameters, found %u", e->count, a->count);
    for (uint32_t i = 0; i < e->count; i++) {
        const vfield *ap = &a->fields[i], *ep = &e->fields[i];
        if (!comp_str_eq(ap->label, ep->label))
            return v_fail(s, offset,
                          s->plain_wording ? "expected parameter '%.*s', found '%.*s'"
                                           : "expected parameter named `%.*s`, found `%.*s`",
                          (int)ep->label.len, ep->label.data, (int)ap->label.len, ap->label.data);
        if (!val_check(s, m, ap->type, ep->type, offset))
            return v_context(s,
                             s->plain_wording ? "parameter '%.*s'"
                                              : "type mismatch in function parameter `%.*s`",
                             (int)ep->label.len,
                             ep->label.data);
    }
    if (a->has_a != e->has_a)
        return e->has_a ? v_fail(s, offset, "expected a result, found none")
                        : v_fail(s, offset, "expected no result, found one");
    if (e->has_a && !val_check(s, m, a->a, e->a, offset))
        return v_context(s, s->plain_wording ? "result" : "type mismatch with result type");
    return true;
}

static bool instance_check(vstate *s, vsubst *m, vid a, vid e, size_t offset)
{
    uint32_t n = node_at(s, e)->export_count;
    for (uint32_t i = 0; i < n; i++) {
        vnamed want = node_at(s, e)->exports[i];
        const vnamed *have = instance_export(s, a, want.name);
        if (!have)
            return v_fail(s, offset,
                          s->plain_wording ? "missing export '%.*s'" : "missing expected export `%.*s`",
                          (int)want.name.len, want.name.data);
        ventity got = have->e;
        if (!entity_subtype(s, m, &got, &want.e, offset))
            return v_context(s,
                             s->plain_wording ? "export '%.*s'"
                                              : "type mismatch in instance export `%.*s`",
                             (int)want.name.len,
                             want.name.data);
    }
    return true;
}

static bool component_check(vstate *s, vsubst *m, vid a, vid e, size_t offset)
{
    uint32_t old_a = m->bind_serial_a, old_b = m->bind_serial_b;
    bool old_only = m->bind_unimported_only;
    /* Imports are contravariant: the actual component's abstract imports
     * are bound to the expected ones. */
    m->bind_serial_a = node_at(s, a)->serial;
    m->bind_serial_b = UINT32_MAX;
    m->bind_unimported_only = false;
    bool ok = true;
    uint32_t n = node_at(s, a)->import_count;
    for (uint32_t i = 0; ok && i < n; i++) {
        vnamed mine = node_at(s, a)->imports[i];
        const vnamed *theirs = component_import(s, e, mine.name);
        if (!theirs) {
            ok = v_fail(s, offset, "missing expected import `%.*s`", (int)mine.name.len,
                        mine.name.data);
            break;
        }
        ventity t = theirs->e;
        if (!entity_subtype(s, m, &t, &mine.e, offset))
            ok = v_context(s, s->plain_wording ? "import '%.*s'" : "type mismatch in import `%.*s`",
                           (int)mine.name.len, mine.name.data);
    }
    /* Exports are covariant: the expected type's abstract exports (not its
     * imports, which are fixed by now) are bound to the actual ones. */
    m->bind_serial_a = UINT32_MAX;
    m->bind_serial_b = node_at(s, e)->serial;
    m->bind_unimported_only = true;
    n = node_at(s, e)->export_count;
    for (uint32_t i = 0; ok && i < n; i++) {
        vnamed want = node_at(s, e)->exports[i];
        const vnamed *have = instance_export(s, a, want.name);
        if (!have) {
            ok = v_fail(s, offset,
                        s->plain_wording ? "missing export '%.*s'" : "missing expected export `%.*s`",
                        (int)want.name.len,
                        want.name.data);
            break;
        }
        ventity got = have->e;
        if (!entity_subtype(s, m, &got, &want.e, offset))
            ok = v_context(s, s->plain_wording ? "export '%.*s'" : "type mismatch in export `%.*s`",
                           (int)want.name.len, want.name.data);
    }
    m->bind_serial_a = old_a;
    m->bind_serial_b = old_b;
    m->bind_unimported_only = old_only;
    return ok;
}

static bool is_defval(uint8_t k)
{
    return k != COMP_TYPE_RESOURCE && k != COMP_TYPE_FUNC && k != COMP_TYPE_ASYNC_FUNC &&
           k != COMP_TYPE_COMPONENT && k != COMP_TYPE_INSTANCE;
}

static const char *type_class(uint8_t k)
{
    switch (k) {
    case COMP_TYPE_RESOURCE: return "resource";
    case COMP_TYPE_FUNC: case COMP_TYPE_ASYNC_FUNC: return "func";
    case COMP_TYPE_COMPONENT: return "component";
    case COMP_TYPE_INSTANCE: return "instance";
    case VK_CORE_MODULE: return "module";
    default: return "defined type";
    }
}

bool type_subtype(vstate *s, vsubst *m, vid actual, vid expected, size_t offset)
{
    uint8_t ak = node_at(s, actual)->kind, ek = node_at(s, expected)->kind;
    if (ek == COMP_TYPE_RESOURCE || ak == COMP_TYPE_RESOURCE) {
        if (ak != ek)
            return v_fail(s, offset, "expected %s, found %s", type_class(ek), type_class(ak));
        return resource_same(s, m, actual, expected, true, offset);
    }
    if (is_defval(ek) || is_defval(ak)) {
        if (!is_defval(ek) || !is_defval(ak))
            return v_fail(s, offset, "expected %s, found %s", type_class(ek), type_class(ak));
        vval a = {0, actual}, e = {0, expected};
        if (comp_is_primvaltype(ak))
            a.prim = ak;
        if (comp_is_primvaltype(ek))
            e.prim = ek;
        if (e.prim && !a.prim) /* a type import bounded by a primitive */
            return v_fail(s, offset, "expected primitive, found %s", val_kind_name(s, a));
        return val_check(s, m, a, e, offset);
    }
    if (actual == expected)
        return true;
    if ((ek == COMP_TYPE_FUNC || ek == COMP_TYPE_ASYNC_FUNC) &&
        (ak == COMP_TYPE_FUNC || ak == COMP_TYPE_ASYNC_FUNC))
        return func_check(s, m, actual, expected, offset);
    if (ak != ek)
        return v_fail(s, offset, "expected %s, found %s", type_class(ek), type_class(ak));
    if (ek == COMP_TYPE_INSTANCE)
        return instance_check(s, m, actual, expected, offset);
    if (ek == COMP_TYPE_COMPONENT)
        return component_check(s, m, actual, expected, offset);
    return v_fail(s, offset, "unexpected type kind in comparison");
}

bool core_functype_equal(const comp_functype *a, const comp_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           (a->param_count == 0 || memcmp(a->params, b->params, a->param_count) == 0) &&
           (a->result_count == 0 || memcmp(a->results, b->results, a->result_count) == 0);
}

/* Core module types: the actual module must import no more than expected
 * (each with a matching type) and export at least what is expected. */
static bool module_check(vstate *s, vid a, vid e, size_t offset)
{
    const vnode *an = node_at(s, a), *en = node_at(s, e);
    for (uint32_t i = 0; i < an->core_import_count; i++) {
        const vcore_named *mine = &an->core_imports[i];
        const vcore_named *theirs = core_module_import(s, e, mine->module, mine->name);
        if (!theirs)
            return v_fail(s, offset, "missing expected import `%.*s::%.*s`", (int)mine->module.len,
                          mine->module.data, (int)mine->name.len, mine->name.data);
        if (!core_extern_matches(s, &theirs->e, &mine->e, offset))
            return v_context(s, "type mismatch in import `%.*s::%.*s`", (int)mine->module.len,
                             mine->module.data, (int)mine->name.len, mine->name.data);
        an = node_at(s, a);
        en = node_at(s, e);
    }
    for (uint32_t i = 0; i < en->core_export_count; i++) {
        const vcore_named *want = &en->core_exports[i];
        const vcore_named *have = core_instance_export(s, a, want->name);
        if (!have)
            return v_fail(s, offset, "missing expected export `%.*s`", (int)want->name.len,
                          want->name.data);
        if (!core_extern_matches(s, &have->e, &want->e, offset))
            return v_context(s, "type mismatch in export `%.*s`", (int)want->name.len,
                             want->name.data);
    }
    return true;
}

bool entity_subtype(vstate *s, vsubst *m, const ventity *actual, const ventity *expected,
                    size_t offset)
{
    if (actual->sort != expected->sort)
        return v_fail(s, offset, "expected %s, found %s", sort_name(expected->sort, COMP_CORE_SORT_MODULE),
                      sort_name(actual->sort, COMP_CORE_SORT_MODULE));
    switch (expected->sort) {
    case COMP_SORT_VALUE:
        return val_check(s, m, actual->value, expected->value, offset);
    case COMP_SORT_CORE:
        return module_check(s, actual->type, expected->type, offset);
    default:
        return type_subtype(s, m, actual->type, expected->type, offset);
    }
}

/* ---- substitution ---------------------------------------------------------- */

typedef struct copier {
    vsubst *m;
    uint32_t fresh_serial;
    vscope *owner;
    bool owner_imported;
    vmap *memo;  /* shared by all copies under one substitution */
    size_t offset;
} copier;

static bool copy_node(vstate *s, copier *c, vid in, vid *out);

static bool copy_val(vstate *s, copier *c, vval in, vval *out)
{
    *out = in;
    return in.prim || copy_node(s, c, in.id, &out->id);
}

static bool copy_entity(vstate *s, copier *c, const ventity *in, ventity *out)
{
    *out = *in;
    if (in->sort == COMP_SORT_VALUE)
        return copy_val(s, c, in->value, &out->value);
    return copy_node(s, c, in->type, &out->type);
}

static bool copy_named(vstate *s, copier *c, const vnamed *in, uint32_t n, vnamed **out)
{
    vnamed *arr = v_array(s, n ? n : 1, sizeof *arr, c->offset);
    if (!arr)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        arr[i].name = in[i].name;
        if (!copy_entity(s, c, &in[i].e, &arr[i].e))
            return false;
    }
    *out = arr;
    return true;
}

static bool copy_resource(vstate *s, copier *c, vid in, vid *out)
{
    vid base = resource_base(s, in);
    if (base != in) {
        /* An alias follows its resource; a substituted one gets a new
         * alias of the substitute, made once per substitution. */
        vid to_base;
        if (!copy_resource(s, c, base, &to_base))
            return false;
        *out = in;
        if (to_base == base)
            return true;
        vid memo = vmap_get(c->memo, in);
        if (memo != UINT32_MAX) {
            *out = memo;
            return true;
        }
        vid alias = node_new(s, COMP_TYPE_RESOURCE, c->offset);
        if (alias == VID_NONE)
            return false;
        vnode *n = node_at(s, alias);
        *n = *node_at(s, to_base);
        n->named_of = to_base;
        n->copy_of = in;
        *out = alias;
        return vmap_put(s, c->memo, in, alias, c->offset);
    }
    vid to = vmap_get(&c->m->map, in);
    if (to != UINT32_MAX) {
        *out = to;
        return true;
    }
    const vnode *r = node_at(s, in);
    if (r->origin == c->fresh_serial && !r->imported && c->owner) {
        vid fresh = resource_fresh(s, c->owner, c->owner_imported, c->offset);
        if (fresh == VID_NONE || !vmap_put(s, &c->m->map, in, fresh, c->offset))
            return false;
        *out = fresh;
        return true;
    }
    *out = in;
    return true;
}

static bool same_val(vval a, vval b) { return a.prim == b.prim && (a.prim || a.id == b.id); }

static bool same_named(const vnamed *a, const vnamed *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i].e.type != b[i].e.type || !same_val(a[i].e.value, b[i].e.value))
            return false;
    return true;
}

/* True when copying changed none of the node's children: the node keeps
 * its identity (which matters for named record, variant, enum and flags
 * types). */
static bool copy_unchanged(const vnode *src, const vnode *dst)
{
    for (uint32_t i = 0; i < src->count; i++)
        if (src->fields[i].has_type && !same_val(src->fields[i].type, dst->fields[i].type))
            return false;
    return (!src->has_a || same_val(src->a, dst->a)) && (!src->has_b || same_val(src->b, dst->b)) &&
           src->resource == dst->resource && src->named_of == dst->named_of &&
           same_named(src->imports, dst->imports, src->import_count) &&
           same_named(src->exports, dst->exports, src->export_count);
}

static bool copy_node(vstate *s, copier *c, vid in, vid *out)
{
    *out = in;
    if (!node_at(s, in)->has_resource && !node_at(s, in)->has_type_import)
        return true;
    if (node_at(s, in)->kind == COMP_TYPE_RESOURCE)
        return copy_resource(s, c, in, out);
    bool fresh = false;
    if (node_at(s, in)->type_import) {
        /* Renamed by instantiation; a name declared by the scope being
         * made fresh gets a new node per import or instance (two imports
         * of one instance type are two different names); else the name is
         * kept, with its contents copied if they change. */
        vid to = vmap_get(&c->m->map, in);
        if (to != UINT32_MAX) {
            *out = to;
            return true;
        }
        fresh = c->owner && node_at(s, in)->origin == c->fresh_serial;
    }
    vid memo = vmap_get(c->memo, in);
    if (memo != UINT32_MAX) {
        *out = memo;
        return true;
    }
    vnode src = *node_at(s, in);
    vnode dst = src;
    if (src.count) {
        dst.fields = v_array(s, src.count, sizeof *dst.fields, c->offset);
        if (!dst.fields)
            return false;
        for (uint32_t i = 0; i < src.count; i++) {
            dst.fields[i] = src.fields[i];
            if (src.fields[i].has_type && !copy_val(s, c, src.fields[i].type, &dst.fields[i].type))
                return false;
        }
    }
    if ((src.has_a && !copy_val(s, c, src.a, &dst.a)) ||
        (src.has_b && !copy_val(s, c, src.b, &dst.b)))
        return false;
    if (src.resource != VID_NONE && !copy_resource(s, c, src.resource, &dst.resource))
        return false;
    if (src.named_of != VID_NONE && !copy_node(s, c, src.named_of, &dst.named_of))
        return false;
    if ((src.import_count && !copy_named(s, c, src.imports, src.import_count, &dst.imports)) ||
        (src.export_count && !copy_named(s, c, src.exports, src.export_count, &dst.exports)))
        return false;
    if (!fresh && copy_unchanged(&src, &dst))
        return vmap_put(s, c->memo, in, in, c->offset);
    vid id = node_new(s, src.kind, c->offset);
    if (id == VID_NONE)
        return false;
    dst.has_resource = dst.has_borrow = dst.needs_memory = dst.has_type_import = false;
    *node_at(s, id) = dst;
    if (!node_finish(s, id, c->offset) || !vmap_put(s, c->memo, in, id, c->offset))
        return false;
    if (fresh && !vmap_put(s, &c->m->map, in, id, c->offset))
        return false;
    *out = id;
    return true;
}

bool entity_subst(vstate *s, vsubst *m, uint32_t fresh_serial, bool fresh_imported,
                  vscope *owner, const ventity *e, ventity *out, size_t offset)
{
    copier c = {m, fresh_serial, owner, fresh_imported, &m->memo, offset};
    return copy_entity(s, &c, e, out);
}
