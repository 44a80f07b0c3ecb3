/* Component text parser: the component builder (sections and index
 * spaces), the definition loop, nested components and core modules, and
 * the `component-name` section wasm-tools writes for $identifiers. */
#include "text/wat_component.h"

#include <string.h>

#include "comp/wat.h"
#include "text/wat_component_parser.h"
#include "text/wat_module.h"
#include "text/wat_module_int.h"

static comp_vec *items_of(wc_scope *s, uint8_t id, size_t *size)
{
    switch (id) {
    case COMP_CSEC_CUSTOM: *size = sizeof(comp_custom); return &s->customs;
    case COMP_CSEC_CORE_MODULE: *size = sizeof(comp_module *); return &s->modules;
    case COMP_CSEC_CORE_INSTANCE: *size = sizeof(comp_core_instance); return &s->core_instances;
    case COMP_CSEC_CORE_TYPE: *size = sizeof(comp_core_type); return &s->core_types;
    case COMP_CSEC_COMPONENT: *size = sizeof(comp_component *); return &s->components;
    case COMP_CSEC_INSTANCE: *size = sizeof(comp_instance); return &s->instances;
    case COMP_CSEC_ALIAS: *size = sizeof(comp_alias); return &s->aliases;
    case COMP_CSEC_TYPE: *size = sizeof(comp_type); return &s->types;
    case COMP_CSEC_CANON: *size = sizeof(comp_canon); return &s->canons;
    case COMP_CSEC_START: *size = sizeof(comp_start); return &s->starts;
    case COMP_CSEC_IMPORT: *size = sizeof(comp_cimport); return &s->imports;
    case COMP_CSEC_EXPORT: *size = sizeof(comp_cexport); return &s->exports;
    default: *size = sizeof(comp_value); return &s->values;
    }
}

/* wasm-tools writes custom, module, component and start sections at once
 * and groups runs of the other kinds. */
static bool groups(uint8_t id)
{
    return id != COMP_CSEC_CUSTOM && id != COMP_CSEC_CORE_MODULE && id != COMP_CSEC_COMPONENT &&
           id != COMP_CSEC_START;
}

void *wc_append(wc_ctx *cx, uint8_t id, const text_sexpr *at)
{
    wc_scope *s = cx->scope;
    size_t size;
    comp_vec *v = items_of(s, id, &size);
    uint32_t index = v->count;
    void *item = comp_vec_push(cx->arena, v, size);
    if (!item) {
        wc_oom(cx, at);
        return NULL;
    }
    comp_component_section *secs = s->sections.data;
    if (groups(id) && s->sections.count && secs[s->sections.count - 1].id == id) {
        secs[s->sections.count - 1].count++;
        return item;
    }
    comp_component_section *sec = comp_vec_push(cx->arena, &s->sections, sizeof *sec);
    if (!sec) {
        wc_oom(cx, at);
        return NULL;
    }
    sec->id = id;
    sec->offset = at ? at->tok.pos.offset : 0;
    sec->first = index;
    sec->count = 1;
    return item;
}

bool wc_emit_type(wc_ctx *cx, const comp_type *t, const text_sexpr *id, const text_sexpr *at,
                  uint32_t *index)
{
    wc_scope *s = cx->scope;
    if (s->kind == WC_SCOPE_COMPONENT) {
        comp_type *slot = wc_append(cx, COMP_CSEC_TYPE, at);
        if (!slot)
            return false;
        *slot = *t;
        /* A copy that later appends cannot move, for value definitions. */
        comp_type *def = comp_arena_alloc(cx->arena, sizeof *def);
        if (!def)
            return wc_oom(cx, at);
        *def = *t;
        uint32_t i;
        if (!wc_define_in(cx, WC_TYPE, id, at, &i))
            return false;
        ((const comp_type **)s->type_defs.data)[i] = def;
        if (index)
            *index = i;
        return true;
    } else if (s->kind == WC_SCOPE_MODULE_TYPE) {
        return wc_fail(cx, at, "component types are not allowed in a module type");
    } else {
        comp_type *copy = comp_arena_alloc(cx->arena, sizeof *copy);
        comp_decl *d = copy ? comp_vec_push(cx->arena, &s->decls, sizeof *d) : NULL;
        if (!d)
            return wc_oom(cx, at);
        *copy = *t;
        d->kind = COMP_DECL_TYPE;
        d->offset = t->offset;
        d->type = copy;
    }
    return wc_define_in(cx, WC_TYPE, id, at, index);
}

bool wc_emit_core_type(wc_ctx *cx, const comp_core_type *t, const text_sexpr *id,
                       const text_sexpr *at, uint32_t *index)
{
    wc_scope *s = cx->scope;
    if (s->kind == WC_SCOPE_COMPONENT) {
        comp_core_type *slot = wc_append(cx, COMP_CSEC_CORE_TYPE, at);
        if (!slot)
            return false;
        *slot = *t;
    } else {
        comp_core_type *copy = comp_arena_alloc(cx->arena, sizeof *copy);
        if (!copy)
            return wc_oom(cx, at);
        *copy = *t;
        if (s->kind == WC_SCOPE_MODULE_TYPE) {
            comp_moduledecl *d = comp_vec_push(cx->arena, &s->decls, sizeof *d);
            if (!d)
                return wc_oom(cx, at);
            d->kind = COMP_MODULEDECL_TYPE;
            d->offset = t->offset;
            d->type = copy;
        } else {
            comp_decl *d = comp_vec_push(cx->arena, &s->decls, sizeof *d);
            if (!d)
                return wc_oom(cx, at);
            d->kind = COMP_DECL_CORE_TYPE;
            d->offset = t->offset;
            d->core_type = copy;
        }
    }
    return wc_define_in(cx, WC_CORE_TYPE, id, at, index);
}

/* ---- the component-name section ------------------------------------------ */

static void put_u32(comp_buf *b, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        comp_buf_byte(b, (uint8_t)(byte | (v ? 0x80 : 0)));
    } while (v);
}

static void put_name(comp_buf *b, comp_str s)
{
    put_u32(b, s.len);
    comp_buf_append(b, s.data, s.len);
}

static void put_subsection(comp_buf *out, uint8_t id, const comp_buf *content)
{
    comp_buf_byte(out, id);
    put_u32(out, (uint32_t)content->len);
    comp_buf_append(out, content->data, content->len);
}

/* `name`: the component's own name (an $id or an (@name ...) string atom),
 * or NULL. */
static bool add_name_section(wc_ctx *cx, const text_sexpr *name, const text_sexpr *at)
{
    wc_scope *s = cx->scope;
    bool any = name != NULL;
    for (int ns = 0; ns < WC_NS_COUNT; ns++)
        any = any || s->names[ns].count;
    if (!any)
        return true;
    comp_buf out = {0}, sub = {0};
    if (name) {
        put_name(&sub, (comp_str){(const char *)name->tok.value, (uint32_t)name->tok.value_len});
        put_subsection(&out, 0x00, &sub);
    }
    for (uint8_t ns = 0; ns < WC_NS_COUNT; ns++) {
        if (!s->names[ns].count)
            continue;
        sub.len = 0;
        comp_sort sort = wc_sort_of_ns(ns);
        comp_buf_byte(&sub, sort.sort);
        if (sort.sort == COMP_SORT_CORE)
            comp_buf_byte(&sub, sort.core_sort);
        const wc_naming *n = s->names[ns].data;
        put_u32(&sub, s->names[ns].count);
        for (uint32_t i = 0; i < s->names[ns].count; i++) {
            put_u32(&sub, n[i].index);
            put_name(&sub, n[i].name);
        }
        put_subsection(&out, 0x01, &sub);
    }
    bool ok = !out.oom && !sub.oom && out.len <= UINT32_MAX;
    size_t len = out.len;
    uint8_t *data = ok ? comp_arena_alloc(cx->arena, len) : NULL;
    if (data)
        memcpy(data, out.data, len);
    comp_buf_free(&out);
    comp_buf_free(&sub);
    if (!data)
        return wc_oom(cx, at);
    comp_custom *c = wc_append(cx, COMP_CSEC_CUSTOM, at);
    if (!c)
        return false;
    c->name = (comp_str){"component-name", 14};
    c->data = data;
    c->len = (uint32_t)len;
    return true;
}

/* ---- definitions ------------------------------------------------------------ */

/* `(KW "n" attribute*)`: an inline import or export, which names an item
 * but gives no type or definition. */
static bool is_inline_name_form(const text_sexpr *x, const char *kw)
{
    if (!wc_is_form(x, kw) || x->count < 2 || !wc_is_string(x->items[1]))
        return false;
    for (uint32_t i = 2; i < x->count; i++)
        if (!wc_is_form(x->items[i], "versionsuffix") && !wc_is_form(x->items[i], "implements") &&
            !wc_is_form(x->items[i], "external-id"))
            return false;
    return true;
}

bool wc_is_inline_import(const text_sexpr *x) { return is_inline_name_form(x, "import"); }

/* Names of `(export "n")` forms at items[*at...], for inline exports.
 * `(export "n" (func ...))` is a module field, not an inline export. */
bool wc_inline_exports(wc_ctx *cx, const text_sexpr *e, uint32_t *at, comp_vec *names)
{
    while (*at < e->count && is_inline_name_form(e->items[*at], "export")) {
        const text_sexpr *x = e->items[*at];
        comp_extern_name *n = comp_vec_push(cx->arena, names, sizeof *n);
        if (!n)
            return wc_oom(cx, x);
        uint32_t k = 1;
        if (!wc_extern_name(cx, x, &k, n) || !wc_expect_end(cx, x, k))
            return false;
        (*at)++;
    }
    return true;
}

const text_sexpr *wc_take_id(const text_sexpr *e, uint32_t *at)
{
    return *at < e->count && wc_is_id(e->items[*at]) ? e->items[(*at)++] : NULL;
}

bool wc_def_head(wc_ctx *cx, const text_sexpr *e, uint32_t *at, const text_sexpr **id,
                 comp_vec *exports)
{
    *id = wc_take_id(e, at);
    return wc_inline_exports(cx, e, at, exports);
}

void wc_append_exports(wc_ctx *cx, const comp_vec *names, comp_sort sort, uint32_t index)
{
    const comp_extern_name *n = names->data;
    /* cap UINT32_MAX marks an earlier failed push: no room is left. */
    for (uint32_t i = 0; i < names->count && cx->scope->appended.cap != UINT32_MAX; i++) {
        comp_cexport *x = comp_vec_push(cx->arena, &cx->scope->appended, sizeof *x);
        if (!x) {
            cx->scope->appended.cap = UINT32_MAX; /* reported at the end */
            return;
        }
        x->name = n[i];
        x->item.sort = sort;
        x->item.index = index;
    }
}

/* The strings items[at..] of `e` joined: the bytes of a `binary` form. */
static bool binary_strings(wc_ctx *cx, const text_sexpr *e, uint32_t at, uint8_t **out,
                           size_t *len)
{
    size_t total = 0;
    for (uint32_t i = at; i < e->count; i++) {
        if (!wc_is_string(e->items[i]))
            return wc_fail(cx, e->items[i], "expected a string");
        total += e->items[i]->tok.value_len;
    }
    uint8_t *data = comp_arena_alloc(cx->arena, total ? total : 1);
    if (!data)
        return wc_oom(cx, e);
    size_t n = 0;
    for (uint32_t i = at; i < e->count; i++) {
        memcpy(data + n, e->items[i]->tok.value, e->items[i]->tok.value_len);
        n += e->items[i]->tok.value_len;
    }
    *out = data;
    *len = total;
    return true;
}

/* Decode errors carry a byte offset into the strings; point at the form. */
static bool binary_failed(wc_ctx *cx, const text_sexpr *e)
{
    cx->err->line = e->tok.pos.line;
    cx->err->col = e->tok.pos.col;
    return false;
}

static bool module_binary(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_module **out)
{
    uint8_t *data;
    size_t len;
    if (!binary_strings(cx, e, at, &data, &len))
        return false;
    return comp_module_decode(data, len, cx->arena, out, cx->err) || binary_failed(cx, e);
}

static bool component_binary(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_component **out)
{
    uint8_t *data;
    size_t len;
    if (!binary_strings(cx, e, at, &data, &len))
        return false;
    return comp_component_decode(data, len, cx->arena, out, cx->err) || binary_failed(cx, e);
}

/* `(component quote "..."*)`: the strings joined by spaces are the
 * fields of a component, parsed on their own (so they cannot refer to
 * the enclosing component). Errors point at the quote form and say where
 * in the quoted text they are. */
static bool component_quote(wc_ctx *cx, const text_sexpr *e, uint32_t at, comp_component **out)
{
    static const char head[] = "(component ", tail[] = ")";
    size_t total = sizeof head - 1 + sizeof tail - 1;
    for (uint32_t i = at; i < e->count; i++) {
        if (!wc_is_string(e->items[i]))
            return wc_fail(cx, e->items[i], "expected a string");
        if (e->items[i]->tok.value_len > SIZE_MAX / 2 - total)
            return wc_oom(cx, e);
        total += e->items[i]->tok.value_len + 1;
    }
    char *text = comp_arena_alloc(cx->arena, total);
    if (!text)
        return wc_oom(cx, e);
    size_t n = sizeof head - 1;
    memcpy(text, head, n);
    for (uint32_t i = at; i < e->count; i++) {
        memcpy(text + n, e->items[i]->tok.value, e->items[i]->tok.value_len);
        n += e->items[i]->tok.value_len;
        text[n++] = ' ';
    }
    memcpy(text + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    comp_error inner = {0};
    if (comp_wat_parse_component(text, n, cx->arena, out, &inner))
        return true;
    /* Columns of the first line count the `(component ` we put first. */
    uint32_t col = inner.line == 1 && inner.col > sizeof head - 1
                       ? inner.col - (uint32_t)(sizeof head - 1) : inner.col;
    return wc_fail(cx, e, "in the quoted component at %u:%u: %.180s", inner.line, col,
                   inner.message);
}

static bool core_module_field(wc_ctx *cx, const text_sexpr *e)
{
    uint32_t at = 2;
    const text_sexpr *id;
    comp_vec exports = {0};
    if (!wc_def_head(cx, e, &at, &id, &exports))
        return false;
    if (at < e->count && wc_is_inline_import(e->items[at]))
        return wc_import_field(cx, e); /* also adds the inline exports */
    comp_module *m = NULL;
    if (at < e->count && wc_is_kw(e->items[at], "binary")) {
        if (!module_binary(cx, e, at + 1, &m))
            return false;
    } else if (!wat_module_from_sexpr_named(e, at, wc_annot_name(cx, id ? id : e->items[1]),
                                            cx->arena, cx->marks, &m, cx->err)) {
        return false;
    }
    comp_module **slot = wc_append(cx, COMP_CSEC_CORE_MODULE, e);
    if (!slot)
        return false;
    *slot = m;
    uint32_t index;
    if (!wc_define_in(cx, WC_CORE_MODULE, id, e, &index))
        return false;
    wc_append_exports(cx, &exports, wc_sort_of_ns(WC_CORE_MODULE), index);
    return true;
}

static bool build_component(wc_ctx *cx, const text_sexpr *form, uint32_t first,
                            const text_sexpr *id, const text_sexpr *name, comp_component **out);

static bool nested_component_field(wc_ctx *cx, const text_sexpr *e)
{
    uint32_t at = 1;
    const text_sexpr *id;
    comp_vec exports = {0};
    if (!wc_def_head(cx, e, &at, &id, &exports))
        return false;
    if (at < e->count && wc_is_inline_import(e->items[at]))
        return wc_import_field(cx, e); /* also adds the inline exports */
    uint32_t index;
    comp_component *c;
    const text_sexpr *name = wc_annot_name(cx, id ? id : e->items[0]);
    if (at < e->count && wc_is_kw(e->items[at], "binary")) {
        if (!component_binary(cx, e, at + 1, &c))
            return false;
    } else if (at < e->count && wc_is_kw(e->items[at], "quote")) {
        if (!component_quote(cx, e, at + 1, &c))
            return false;
    } else if (!build_component(cx, e, at, id, name ? name : id, &c)) {
        return false;
    }
    comp_component **slot = wc_append(cx, COMP_CSEC_COMPONENT, e);
    if (!slot)
        return false;
    *slot = c;
    if (!wc_define_in(cx, WC_COMPONENT, id, e, &index))
        return false;
    wc_append_exports(cx, &exports, wc_sort_of_ns(WC_COMPONENT), index);
    return true;
}

/* `(@custom "name" place? "bytes"*)`: a custom section right here (the
 * place, meant for modules' fixed section order, does not apply). */
static bool custom_field(wc_ctx *cx, const text_sexpr *e)
{
    wat_custom c;
    if (!wat_custom_annotation(cx->annots, e, &c))
        return false;
    comp_custom *slot = wc_append(cx, COMP_CSEC_CUSTOM, e);
    if (!slot)
        return false;
    *slot = c.section;
    return true;
}

static bool field(wc_ctx *cx, const text_sexpr *e)
{
    if (e->kind == SX_ANNOT)
        return custom_field(cx, e);
    if (e->kind != SX_LIST || e->count == 0 || e->items[0]->kind != SX_ATOM ||
        e->items[0]->tok.kind != TOK_KEYWORD)
        return wc_fail(cx, e, "expected a component field");
    if (wc_is_kw(e->items[0], "core")) {
        if (wc_is_core_form(e, "module"))
            return core_module_field(cx, e);
        if (wc_is_core_form(e, "instance"))
            return wc_core_instance_field(cx, e);
        if (wc_is_core_form(e, "type"))
            return wc_core_type_field(cx, e);
        if (wc_is_core_form(e, "func"))
            return wc_canon_field(cx, NULL, e);
        return wc_fail(cx, wc_item_or_self(e, 1), "expected a core field (module, instance, type or func)");
    }
    if (wc_is_form(e, "component"))
        return nested_component_field(cx, e);
    if (wc_is_form(e, "instance"))
        return wc_instance_field(cx, e);
    if (wc_is_form(e, "alias"))
        return wc_alias_field(cx, e);
    if (wc_is_form(e, "type"))
        return wc_type_field(cx, e);
    if (wc_is_form(e, "canon"))
        return wc_canon_field(cx, e, NULL);
    if (wc_is_form(e, "func"))
        return wc_canon_field(cx, NULL, e);
    if (wc_is_form(e, "import"))
        return wc_import_field(cx, e);
    if (wc_is_form(e, "export"))
        return wc_export_field(cx, e);
    if (wc_is_form(e, "start"))
        return wc_start_field(cx, e);
    if (wc_is_form(e, "value"))
        return wc_value_field(cx, e);
    return wc_fail(cx, e->items[0], "unexpected token `%.*s`, expected a component field",
                   (int)(e->items[0]->tok.len > 40 ? 40 : e->items[0]->tok.len),
                   e->items[0]->tok.text);
}

static bool build_component(wc_ctx *cx, const text_sexpr *form, uint32_t first,
                            const text_sexpr *id, const text_sexpr *name, comp_component **out)
{
    if (cx->depth >= WC_MAX_DEPTH)
        return wc_fail(cx, form, "components and types nest too deeply");
    wc_scope *scope = comp_arena_alloc(cx->arena, sizeof *scope);
    comp_component *c = comp_arena_alloc(cx->arena, sizeof *c);
    if (!scope || !c)
        return wc_oom(cx, form);
    wc_scope_init(scope, cx->scope, WC_SCOPE_COMPONENT, id);
    wc_scope *saved = cx->scope;
    cx->scope = scope;
    cx->depth++;
    bool ok = true;
    for (uint32_t i = first; ok && i < form->count; i++)
        ok = field(cx, form->items[i]);
    /* Inline `(export "n")` forms become exports after everything else. */
    if (ok && scope->appended.cap == UINT32_MAX)
        ok = wc_oom(cx, form);
    const comp_cexport *ap = scope->appended.data;
    for (uint32_t i = 0; ok && i < scope->appended.count; i++) {
        comp_cexport *x = wc_append(cx, COMP_CSEC_EXPORT, form);
        ok = x != NULL;
        if (ok) {
            *x = ap[i];
            ok = wc_define(cx, wc_ns_of_sort(x->item.sort), NULL, NULL);
        }
    }
    if (ok)
        ok = add_name_section(cx, name, form);
    cx->depth--;
    cx->scope = saved;
    if (!ok)
        return false;
    c->sections = scope->sections.data;
    c->section_count = scope->sections.count;
#define TAKE(plural, singular)                                                  \
    c->plural = scope->plural.data;                                             \
    c->singular##_count = scope->plural.count
    c->customs = scope->customs.data;
    c->custom_count = scope->customs.count;
    c->modules = scope->modules.data;
    c->module_count = scope->modules.count;
    TAKE(core_instances, core_instance);
    TAKE(core_types, core_type);
    c->components = scope->components.data;
    c->component_count = scope->components.count;
    TAKE(instances, instance);
    TAKE(aliases, alias);
    TAKE(types, type);
    TAKE(canons, canon);
    TAKE(starts, start);
    TAKE(imports, import);
    TAKE(exports, export);
    TAKE(values, value);
#undef TAKE
    c->offset = form->tok.pos.offset;
    *out = c;
    return true;
}

bool wat_component_from_sexpr(const text_sexpr *form, uint32_t first_field, comp_arena *arena,
                              comp_component **out, comp_error *err)
{
    return wat_component_from_sexpr_marked(form, first_field, arena, NULL, out, err);
}

bool wat_component_from_sexpr_marked(const text_sexpr *form, uint32_t first_field,
                                     comp_arena *arena, struct wat_marks *marks,
                                     comp_component **out, comp_error *err)
{
    /* The module parser's annotation stripper, with its state. */
    wat_parser *annots = comp_arena_alloc(arena, sizeof *annots);
    if (!annots)
        return comp_error_set(err, form->tok.pos.offset, "out of memory");
    memset(annots, 0, sizeof *annots);
    annots->arena = arena;
    annots->err = err;
    if (!wat_strip_component_annotations(annots, form, first_field, &form))
        return false;
    wc_ctx cx = {arena, err, NULL, 0, annots, marks};
    const text_sexpr *id = NULL, *name = NULL;
    if (first_field > 0 && first_field <= form->count) {
        if (wc_is_id(form->items[first_field - 1]))
            id = form->items[first_field - 1];
        name = wc_annot_name(&cx, form->items[first_field - 1]);
    }
    return build_component(&cx, form, first_field, id, name ? name : id, out);
}
