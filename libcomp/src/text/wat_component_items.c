/* Component text parser: extern names, imports, exports, aliases,
 * instances, core instances and start definitions. */
#include "text/wat_component_parser.h"

#include <string.h>

bool wc_extern_name(wc_ctx *cx, const text_sexpr *list, uint32_t *at, comp_extern_name *out)
{
    memset(out, 0, sizeof *out);
    const text_sexpr *n = wc_item_or_self(list, *at);
    if (wc_is_form(n, "interface") && n->count == 2)
        n = n->items[1]; /* the older `(interface "...")` form */
    if (*at >= list->count || !wc_name(cx, n, &out->name))
        return wc_fail(cx, wc_item_or_self(list, *at), "expected a name string");
    (*at)++;
    static const struct {
        const char *kw;
        uint8_t kind;
    } attrs[] = {{"implements", COMP_ATTR_IMPLEMENTS},
                 {"versionsuffix", COMP_ATTR_VERSION_SUFFIX},
                 {"external-id", COMP_ATTR_EXTERNAL_ID}};
    /* Attributes in any order (the binary keeps its order), at most one
     * of each: count them, then read them. */
    uint32_t count = 0;
    bool seen[3] = {false, false, false};
    for (uint32_t i = *at; i < list->count; i++) {
        size_t k = 0;
        while (k < 3 && !wc_is_form(list->items[i], attrs[k].kw))
            k++;
        if (k == 3)
            break;
        if (seen[k])
            return wc_fail(cx, list->items[i], "unexpected token: a second `(%s ...)`",
                           attrs[k].kw);
        seen[k] = true;
        count++;
    }
    if (!count)
        return true;
    out->prefix = 0x02;
    out->attribute_count = count;
    out->attributes = comp_arena_array(cx->arena, count, sizeof *out->attributes);
    if (!out->attributes)
        return wc_oom(cx, list);
    for (uint32_t i = 0; i < count; i++, (*at)++) {
        const text_sexpr *a = list->items[*at];
        size_t k = 0;
        while (!wc_is_form(a, attrs[k].kw))
            k++;
        if (a->count != 2)
            return wc_fail(cx, a, "expected `(%s \"...\")`", attrs[k].kw);
        out->attributes[i].kind = attrs[k].kind;
        if (!wc_name(cx, a->items[1], &out->attributes[i].value))
            return false;
    }
    return true;
}

/* The sort of a reference or alias target `(SORT ...)` / `(core SORT ...)`;
 * *at is set to the item after the sort keywords. */
static bool sort_of(wc_ctx *cx, const text_sexpr *e, uint8_t *ns, uint32_t *at)
{
    static const struct {
        const char *kw;
        uint8_t ns;
    } comp[] = {{"func", WC_FUNC},           {"value", WC_VALUE},   {"type", WC_TYPE},
                {"component", WC_COMPONENT}, {"instance", WC_INSTANCE}},
      core[] = {{"func", WC_CORE_FUNC},     {"table", WC_CORE_TABLE},
                {"memory", WC_CORE_MEMORY}, {"global", WC_CORE_GLOBAL},
                {"tag", WC_CORE_TAG},       {"type", WC_CORE_TYPE},
                {"module", WC_CORE_MODULE}, {"instance", WC_CORE_INSTANCE}};
    if (e->kind != SX_LIST || e->count == 0)
        return wc_fail(cx, e, "expected a sort");
    if (wc_is_kw(e->items[0], "core")) {
        for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
            if (e->count > 1 && wc_is_kw(e->items[1], core[i].kw)) {
                *ns = core[i].ns;
                *at = 2;
                return true;
            }
        return wc_fail(cx, wc_item_or_self(e, 1), "expected a core sort");
    }
    for (size_t i = 0; i < sizeof comp / sizeof comp[0]; i++)
        if (wc_is_kw(e->items[0], comp[i].kw)) {
            *ns = comp[i].ns;
            *at = 1;
            return true;
        }
    return wc_fail(cx, e->items[0], "expected a sort (func, value, type, component, instance or core ...)");
}

bool wc_sortidx(wc_ctx *cx, const text_sexpr *e, comp_sortidx *out, wc_fixups *f)
{
    uint8_t ns;
    uint32_t at;
    if (!sort_of(cx, e, &ns, &at))
        return false;
    if (ns <= WC_CORE_INSTANCE && ns != WC_CORE_MODULE)
        return wc_fail(cx, e, "only core modules can be referenced here among core sorts");
    if (at >= e->count || !wc_is_index(e->items[at]))
        return wc_fail(cx, wc_item_or_self(e, at), "expected an index or an identifier");
    for (uint32_t i = at + 1; i < e->count; i++)
        if (!wc_is_string(e->items[i]))
            return wc_fail(cx, e->items[i], "expected an export name");
    out->sort = wc_sort_of_ns(ns);
    wc_fixup_add(cx, f, &out->index, ns, e, at, e->count - at - 1);
    return true;
}

/* ---- imports and exports ---------------------------------------------------- */

static bool emit_import(wc_ctx *cx, const text_sexpr *e, const comp_cimport *im,
                        const text_sexpr *id, uint32_t *index)
{
    comp_cimport *slot = wc_append(cx, COMP_CSEC_IMPORT, e);
    if (!slot)
        return false;
    *slot = *im;
    return wc_define_in(cx, wc_ns_of_extern(&im->type), id, e, index);
}

/* `(KIND $id? (export "n")* (import "n" attrs*) typeuse)`: the inline
 * import form of func, instance, component and core module. */
static bool sugar_import(wc_ctx *cx, const text_sexpr *e)
{
    comp_cimport im = {0};
    im.offset = e->tok.pos.offset;
    uint32_t at = 1;
    if (wc_is_kw(e->items[0], "core")) {
        im.type.kind = COMP_SORT_CORE;
        at = 2;
    } else if (wc_is_kw(e->items[0], "func")) {
        im.type.kind = COMP_SORT_FUNC;
    } else if (wc_is_kw(e->items[0], "component")) {
        im.type.kind = COMP_SORT_COMPONENT;
    } else {
        im.type.kind = COMP_SORT_INSTANCE;
    }
    const text_sexpr *id;
    comp_vec exports = {0};
    if (!wc_def_head(cx, e, &at, &id, &exports))
        return false;
    const text_sexpr *imp = e->items[at];
    uint32_t k = 1;
    if (!wc_extern_name(cx, imp, &k, &im.name) || !wc_expect_end(cx, imp, k))
        return false;
    wc_fixups f = {0};
    uint32_t index;
    if (!wc_externtype_at(cx, e, at + 1, &im.type, &f) || !wc_fixups_resolve(cx, &f) ||
        !emit_import(cx, e, &im, id, &index))
        return false;
    wc_append_exports(cx, &exports, wc_sort_of_ns(wc_ns_of_extern(&im.type)), index);
    return true;
}

bool wc_import_field(wc_ctx *cx, const text_sexpr *e)
{
    if (!wc_is_form(e, "import"))
        return sugar_import(cx, e);
    comp_cimport im = {0};
    im.offset = e->tok.pos.offset;
    uint32_t at = 1;
    if (!wc_extern_name(cx, e, &at, &im.name))
        return false;
    if (at + 1 != e->count)
        return wc_fail(cx, wc_item_or_self(e, at), "expected one extern type");
    const text_sexpr *id;
    wc_fixups f = {0};
    return wc_externtype(cx, e->items[at], &im.type, &id, &f) && wc_fixups_resolve(cx, &f) &&
           emit_import(cx, e, &im, id, NULL);
}

bool wc_export_field(wc_ctx *cx, const text_sexpr *e)
{
    comp_cexport ex = {0};
    ex.offset = e->tok.pos.offset;
    uint32_t at = 1;
    const text_sexpr *id = wc_take_id(e, &at);
    if (!wc_extern_name(cx, e, &at, &ex.name))
        return false;
    if (at >= e->count)
        return wc_fail(cx, e, "expected the item to export");
    wc_fixups f = {0};
    /* wasm-tools resolves the type ascription before the item. */
    if (at + 1 < e->count) {
        const text_sexpr *ignored;
        ex.has_type = true;
        if (!wc_expect_end(cx, e, at + 2) ||
            !wc_externtype(cx, e->items[at + 1], &ex.type, &ignored, &f))
            return false;
    }
    if (!wc_sortidx(cx, e->items[at], &ex.item, &f) || !wc_fixups_resolve(cx, &f))
        return false;
    comp_cexport *slot = wc_append(cx, COMP_CSEC_EXPORT, e);
    if (!slot)
        return false;
    *slot = ex;
    return wc_define(cx, wc_ns_of_sort(ex.item.sort), id, NULL);
}

/* ---- aliases ------------------------------------------------------------------ */

static bool outer_target(wc_ctx *cx, const text_sexpr *e, comp_alias *a, uint8_t ns)
{
    const text_sexpr *outer = e->items[2], *idx = e->items[3];
    uint32_t depth = 0;
    const wc_scope *s = cx->scope;
    if (wc_is_id(outer)) {
        while (s && !(s->id && s->id->tok.value_len == outer->tok.value_len &&
                      memcmp(s->id->tok.value, outer->tok.value, outer->tok.value_len) == 0)) {
            s = s->parent;
            depth++;
        }
        if (!s)
            return wc_fail(cx, outer, "outer component $%.*s not found",
                           (int)(outer->tok.value_len > 60 ? 60 : outer->tok.value_len),
                           (const char *)outer->tok.value);
    } else {
        if (!wc_u32(cx, outer, &depth))
            return false;
        for (uint32_t i = 0; i < depth && s; i++)
            s = s->parent;
        if (!s && wc_is_id(idx))
            return wc_fail(cx, outer, "outer count of `%u` is too large", depth);
    }
    a->outer_count = depth;
    if (wc_is_id(idx)) {
        if (!wc_lookup(s, ns, idx, &a->outer_index))
            return wc_fail(cx, idx, "unknown outer item $%.*s",
                           (int)(idx->tok.value_len > 60 ? 60 : idx->tok.value_len),
                           (const char *)idx->tok.value);
        return true;
    }
    return wc_u32(cx, idx, &a->outer_index);
}

bool wc_alias_parse(wc_ctx *cx, const text_sexpr *e, comp_alias *a, const text_sexpr **id)
{
    memset(a, 0, sizeof *a);
    a->offset = e->tok.pos.offset;
    *id = NULL;
    uint32_t at = 1;
    bool core = at < e->count && wc_is_kw(e->items[at], "core");
    if (core)
        at++;
    const text_sexpr *target = wc_item_or_self(e, at);
    bool outer = !core && wc_is_kw(target, "outer");
    if (!outer && !wc_is_kw(target, "export"))
        return wc_fail(cx, target, "expected `export`, `core export` or `outer`");
    at++;
    if (!wc_expect_end(cx, e, at + 3))
        return false;
    const text_sexpr *sort = e->items[at + 2];
    uint8_t ns;
    uint32_t k;
    if (!sort_of(cx, sort, &ns, &k))
        return false;
    if (cx->scope->kind == WC_SCOPE_MODULE_TYPE && ns == WC_TYPE)
        ns = WC_CORE_TYPE; /* `(type)` in a module type is a core type */
    if (k < sort->count && wc_is_id(sort->items[k]))
        *id = sort->items[k++];
    if (!wc_expect_end(cx, sort, k))
        return false;
    a->sort = wc_sort_of_ns(ns);
    if (outer) {
        a->target = COMP_ALIAS_OUTER;
        return outer_target(cx, e, a, ns);
    }
    a->target = core ? COMP_ALIAS_CORE_EXPORT : COMP_ALIAS_EXPORT;
    if (core != (ns <= WC_CORE_TAG))
        return wc_fail(cx, sort, core ? "expected a core sort" : "expected a component sort");
    return wc_name(cx, e->items[at + 1], &a->name) &&
           wc_resolve(cx, core ? WC_CORE_INSTANCE : WC_INSTANCE, e->items[at], &a->instance);
}

bool wc_alias_field(wc_ctx *cx, const text_sexpr *e)
{
    comp_alias a;
    const text_sexpr *id;
    return wc_alias_parse(cx, e, &a, &id) && wc_emit_alias(cx, &a, id, e, NULL);
}

/* ---- instances ------------------------------------------------------------------ */

/* `(with "n" (instance idx))` refers; `(with "n" (instance (export ...)*))`
 * bundles. */
static bool is_bundle(const text_sexpr *x)
{
    return wc_is_form(x, "instance") && !(x->count >= 2 && wc_is_index(x->items[1]));
}

static bool bundle_exports(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_instance *in,
                           wc_fixups *f)
{
    uint32_t n = e->count - at;
    in->kind = COMP_INSTANCE_EXPORTS;
    in->export_count = n;
    in->exports = comp_arena_array(cx->arena, n ? n : 1, sizeof *in->exports);
    if (!in->exports)
        return wc_oom(cx, e);
    for (uint32_t i = 0; i < n; i++) {
        const text_sexpr *x = e->items[at + i];
        uint32_t k = 1;
        if (!wc_is_form(x, "export"))
            return wc_fail(cx, x, "expected `(export \"name\" item)`");
        if (!wc_extern_name(cx, x, &k, &in->exports[i].name) || !wc_expect_end(cx, x, k + 1) ||
            !wc_sortidx(cx, x->items[k], &in->exports[i].item, f))
            return false;
    }
    return true;
}

static bool emit_instance(wc_ctx *cx, const text_sexpr *e, const comp_instance *in,
                          const text_sexpr *id, uint32_t *index)
{
    comp_instance *slot = wc_append(cx, COMP_CSEC_INSTANCE, e);
    if (!slot)
        return false;
    *slot = *in;
    return wc_define_in(cx, WC_INSTANCE, id, e, index);
}

bool wc_instance_field(wc_ctx *cx, const text_sexpr *e)
{
    uint32_t at = 1;
    const text_sexpr *id;
    comp_vec exports = {0};
    if (!wc_def_head(cx, e, &at, &id, &exports))
        return false;
    if (at < e->count && wc_is_inline_import(e->items[at]))
        return wc_import_field(cx, e);
    comp_instance in = {0};
    in.offset = e->tok.pos.offset;
    wc_fixups f = {0};
    if (at < e->count && wc_is_form(e->items[at], "instantiate")) {
        const text_sexpr *x = e->items[at];
        if (!wc_expect_end(cx, e, at + 1))
            return false;
        in.kind = COMP_INSTANCE_INSTANTIATE;
        if (x->count < 2)
            return wc_fail(cx, x, "expected a component to instantiate");
        uint32_t n = x->count - 2;
        in.arg_count = n;
        in.args = comp_arena_array(cx->arena, n ? n : 1, sizeof *in.args);
        if (!in.args)
            return wc_oom(cx, x);
        /* Bundles first (they become instances before this one). */
        for (uint32_t i = 0; i < n; i++) {
            const text_sexpr *w = x->items[2 + i];
            if (!wc_is_form(w, "with") || w->count != 3)
                return wc_fail(cx, w, "expected `(with \"name\" item)`");
            if (!wc_name(cx, w->items[1], &in.args[i].name))
                return false;
            if (is_bundle(w->items[2])) {
                comp_instance b = {0};
                b.offset = w->items[2]->tok.pos.offset;
                wc_fixups bf = {0};
                if (!bundle_exports(cx, w->items[2], 1, &b, &bf) || !wc_fixups_resolve(cx, &bf) ||
                    !emit_instance(cx, w->items[2], &b, NULL, &in.args[i].item.index))
                    return false;
                in.args[i].item.sort = wc_sort_of_ns(WC_INSTANCE);
            }
        }
        const text_sexpr *target = x->items[1];
        if (wc_is_index(target)) {
            wc_fixup_add(cx, &f, &in.component, WC_COMPONENT, x, 1, 0);
        } else {
            /* `(component $i "n"*)`: an alias of an instance's export. */
            if (!wc_is_form(target, "component") || target->count < 2 ||
                !wc_is_index(target->items[1]))
                return wc_fail(cx, target, "expected a component index");
            for (uint32_t k = 2; k < target->count; k++)
                if (!wc_is_string(target->items[k]))
                    return wc_fail(cx, target->items[k], "expected an export name");
            wc_fixup_add(cx, &f, &in.component, WC_COMPONENT, target, 1, target->count - 2);
        }
        for (uint32_t i = 0; i < n; i++) {
            const text_sexpr *w = x->items[2 + i];
            if (!is_bundle(w->items[2]) && !wc_sortidx(cx, w->items[2], &in.args[i].item, &f))
                return false;
        }
    } else if (!bundle_exports(cx, e, at, &in, &f)) {
        return false;
    }
    uint32_t index;
    if (!wc_fixups_resolve(cx, &f) || !emit_instance(cx, e, &in, id, &index))
        return false;
    wc_append_exports(cx, &exports, wc_sort_of_ns(WC_INSTANCE), index);
    return true;
}

/* core:inlineexport ::= (export "n" core:sortidx); the sort may be
 * written with or without `core`. */
static bool core_bundle(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_core_instance *ci,
                        wc_fixups *f)
{
    uint32_t n = e->count - at;
    ci->kind = COMP_INSTANCE_EXPORTS;
    ci->export_count = n;
    ci->exports = comp_arena_array(cx->arena, n ? n : 1, sizeof *ci->exports);
    if (!ci->exports)
        return wc_oom(cx, e);
    for (uint32_t i = 0; i < n; i++) {
        const text_sexpr *x = e->items[at + i];
        if (!wc_is_form(x, "export") || x->count != 3)
            return wc_fail(cx, x, "expected `(export \"name\" (SORT idx))`");
        if (!wc_name(cx, x->items[1], &ci->exports[i].name))
            return false;
        const text_sexpr *r = x->items[2];
        uint8_t ns;
        uint32_t k;
        bool bare = r->kind == SX_LIST && r->count > 0 && !wc_is_kw(r->items[0], "core");
        if (bare) {
            static const struct {
                const char *kw;
                uint8_t ns;
            } sorts[] = {{"func", WC_CORE_FUNC},     {"table", WC_CORE_TABLE},
                         {"memory", WC_CORE_MEMORY}, {"global", WC_CORE_GLOBAL},
                         {"tag", WC_CORE_TAG}};
            ns = WC_NS_COUNT;
            for (size_t s = 0; s < 5; s++)
                if (wc_is_kw(r->items[0], sorts[s].kw))
                    ns = sorts[s].ns;
            if (ns == WC_NS_COUNT)
                return wc_fail(cx, r, "expected a core sort");
            k = 1;
        } else if (!sort_of(cx, r, &ns, &k)) {
            return false;
        }
        if (ns > WC_CORE_TAG)
            return wc_fail(cx, r, "expected a core sort (func, table, memory, global or tag)");
        if (k >= r->count || !wc_is_index(r->items[k]))
            return wc_fail(cx, wc_item_or_self(r, k), "expected an index or an identifier");
        if (r->count > k + 2)
            return wc_fail(cx, r->items[k + 2], "expected `)`");
        ci->exports[i].item.sort = wc_sort_of_ns(ns).core_sort;
        wc_fixup_add(cx, f, &ci->exports[i].item.index, ns, r, k, r->count - k - 1);
    }
    return true;
}

static bool emit_core_instance(wc_ctx *cx, const text_sexpr *e, const comp_core_instance *ci,
                               const text_sexpr *id, uint32_t *index)
{
    comp_core_instance *slot = wc_append(cx, COMP_CSEC_CORE_INSTANCE, e);
    if (!slot)
        return false;
    *slot = *ci;
    return wc_define_in(cx, WC_CORE_INSTANCE, id, e, index);
}

bool wc_core_instance_field(wc_ctx *cx, const text_sexpr *e)
{
    uint32_t at = 2;
    const text_sexpr *id = wc_take_id(e, &at);
    comp_core_instance ci = {0};
    ci.offset = e->tok.pos.offset;
    wc_fixups f = {0};
    if (at < e->count && wc_is_form(e->items[at], "instantiate")) {
        const text_sexpr *x = e->items[at];
        if (!wc_expect_end(cx, e, at + 1))
            return false;
        if (x->count < 2)
            return wc_fail(cx, x, "expected a module to instantiate");
        ci.kind = COMP_INSTANCE_INSTANTIATE;
        uint32_t n = x->count - 2;
        ci.arg_count = n;
        ci.args = comp_arena_array(cx->arena, n ? n : 1, sizeof *ci.args);
        if (!ci.args)
            return wc_oom(cx, x);
        for (uint32_t i = 0; i < n; i++) {
            const text_sexpr *w = x->items[2 + i];
            if (!wc_is_form(w, "with") || w->count != 3 || !wc_is_form(w->items[2], "instance"))
                return wc_fail(cx, w, "expected `(with \"name\" (instance ...))`");
            if (!wc_name(cx, w->items[1], &ci.args[i].name))
                return false;
            if (is_bundle(w->items[2])) {
                comp_core_instance b = {0};
                b.offset = w->items[2]->tok.pos.offset;
                wc_fixups bf = {0};
                if (!core_bundle(cx, w->items[2], 1, &b, &bf) || !wc_fixups_resolve(cx, &bf) ||
                    !emit_core_instance(cx, w->items[2], &b, NULL, &ci.args[i].instance))
                    return false;
            }
        }
        const text_sexpr *m = x->items[1];
        if (wc_is_index(m)) {
            wc_fixup_add(cx, &f, &ci.module, WC_CORE_MODULE, x, 1, 0);
        } else {
            /* `(core module $i "m")`, or the older `(module $i "m")` */
            uint32_t k = wc_is_core_form(m, "module") ? 2 : 1;
            if (!(k == 2 || wc_is_form(m, "module")) || k >= m->count || !wc_is_index(m->items[k]))
                return wc_fail(cx, m, "expected a module index");
            wc_fixup_add(cx, &f, &ci.module, WC_CORE_MODULE, m, k, m->count - k - 1);
        }
        for (uint32_t i = 0; i < n; i++) {
            const text_sexpr *r = x->items[2 + i]->items[2];
            if (is_bundle(r))
                continue;
            if (!wc_expect_end(cx, r, 2))
                return false;
            wc_fixup_add(cx, &f, &ci.args[i].instance, WC_CORE_INSTANCE, r, 1, 0);
        }
    } else if (!core_bundle(cx, e, at, &ci, &f)) {
        return false;
    }
    return wc_fixups_resolve(cx, &f) && emit_core_instance(cx, e, &ci, id, NULL);
}

/* ---- start -------------------------------------------------------------------------- */

bool wc_start_field(wc_ctx *cx, const text_sexpr *e)
{
    comp_start st = {0};
    st.offset = e->tok.pos.offset;
    if (e->count < 2)
        return wc_fail(cx, e, "expected a function to start");
    if (!wc_resolve(cx, WC_FUNC, e->items[1], &st.func))
        return false;
    uint32_t at = 2, n = 0;
    while (at + n < e->count && wc_is_form(e->items[at + n], "value"))
        n++;
    st.arg_count = n;
    st.args = comp_arena_array(cx->arena, n ? n : 1, sizeof *st.args);
    if (!st.args)
        return wc_oom(cx, e);
    for (uint32_t i = 0; i < n; i++, at++) {
        const text_sexpr *v = e->items[at];
        if (!wc_expect_end(cx, v, 2) || !wc_resolve(cx, WC_VALUE, v->items[1], &st.args[i]))
            return false;
    }
    const text_sexpr *results[64];
    for (; at < e->count; at++) {
        const text_sexpr *r = e->items[at];
        if (!wc_is_form(r, "result") || r->count != 2 || !wc_is_form(r->items[1], "value"))
            return wc_fail(cx, r, "expected `(result (value $id?))`");
        if (st.result_count == 64)
            return wc_fail(cx, r, "too many start results");
        const text_sexpr *v = r->items[1];
        results[st.result_count++] = v->count > 1 ? v->items[1] : NULL;
    }
    comp_start *slot = wc_append(cx, COMP_CSEC_START, e);
    if (!slot)
        return false;
    *slot = st;
    for (uint32_t i = 0; i < st.result_count; i++) {
        if (results[i] && !wc_is_id(results[i]))
            return wc_fail(cx, results[i], "expected an identifier");
        if (!wc_define(cx, WC_VALUE, results[i], NULL))
            return false;
    }
    return true;
}
