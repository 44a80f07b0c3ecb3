/* Value types, function types, type uses (with the implicit types they
 * add at the end of the type section) and limits. */
#include "text/wat_module_int.h"

#include <string.h>

static const struct {
    const char *name;
    comp_valtype type;
} valtypes[] = {
    {"i32", COMP_I32},         {"i64", COMP_I64},         {"f32", COMP_F32}, {"f64", COMP_F64},
    {"v128", COMP_V128},       {"funcref", COMP_FUNCREF}, {"externref", COMP_EXTERNREF},
    {"exnref", COMP_EXNREF},
};

/* `(ref null func)` / `(ref null extern)`: the long forms of funcref and
 * externref. Non-nullable references need typed function references,
 * which the model does not have. */
static bool ref_form(wat_parser *p, const text_sexpr *e, comp_valtype *out)
{
    if (e->count != 3 || !wat_is_keyword(e->items[1], "null")) {
        if (e->count == 2)
            return wat_fail(p, e, "non-nullable references are not supported (typed function "
                                  "references)");
        return wat_expected(p, e, "(ref null func) or (ref null extern)");
    }
    if (wat_is_keyword(e->items[2], "func"))
        *out = COMP_FUNCREF;
    else if (wat_is_keyword(e->items[2], "extern"))
        *out = COMP_EXTERNREF;
    else if (wat_is_keyword(e->items[2], "exn"))
        *out = COMP_EXNREF;
    else
        return wat_expected(p, e->items[2], "a heap type (func, extern or exn)");
    return true;
}

bool wat_valtype(wat_parser *p, const text_sexpr *e, comp_valtype *out)
{
    if (text_sexpr_is_form(e, "ref"))
        return ref_form(p, e, out);
    for (size_t i = 0; e && i < sizeof valtypes / sizeof valtypes[0]; i++) {
        if (wat_is_keyword(e, valtypes[i].name)) {
            *out = valtypes[i].type;
            return true;
        }
    }
    return wat_expected(p, e, "a value type");
}

bool wat_reftype(wat_parser *p, const text_sexpr *e, comp_valtype *out)
{
    if (text_sexpr_is_form(e, "ref"))
        return ref_form(p, e, out);
    if (wat_is_keyword(e, "funcref")) {
        *out = COMP_FUNCREF;
        return true;
    }
    if (wat_is_keyword(e, "externref")) {
        *out = COMP_EXTERNREF;
        return true;
    }
    return wat_expected(p, e, "a reference type");
}

/* Appends the value types of one `(param ...)` or `(result ...)` list. */
static bool type_list(wat_parser *p, const text_sexpr *list, bool is_param, comp_vec *types,
                      comp_vec *names)
{
    uint32_t i = 1;
    const text_sexpr *id = NULL;
    if (i < list->count && wat_is_id(list->items[i])) {
        if (!is_param)
            return wat_expected(p, list->items[i], "a value type");
        id = list->items[i++];
        if (list->count != 3)
            return wat_fail(p, list->items[i < list->count ? i : 1],
                            "unexpected token: a named parameter has exactly one type");
    }
    for (; i < list->count; i++) {
        comp_valtype *t = comp_vec_push(p->arena, types, sizeof *t);
        if (!t)
            return wat_oom(p, list);
        if (!wat_valtype(p, list->items[i], t))
            return false;
        if (names) {
            const text_sexpr **n = comp_vec_push(p->arena, names, sizeof *n);
            if (!n)
                return wat_oom(p, list);
            /* An unnamed single parameter may still have an (@name ...). */
            *n = id ? id : list->count == 2 ? list->items[0] : NULL;
        }
    }
    return true;
}

bool wat_functype_items(wat_parser *p, const text_sexpr *list, uint32_t *at, comp_functype *out,
                        comp_vec *param_names)
{
    comp_vec params = {0}, results = {0};
    uint32_t i = *at;
    while (i < list->count && text_sexpr_is_form(list->items[i], "param")) {
        if (!type_list(p, list->items[i], true, &params, param_names))
            return false;
        i++;
    }
    while (i < list->count && text_sexpr_is_form(list->items[i], "result")) {
        if (!type_list(p, list->items[i], false, &results, NULL))
            return false;
        i++;
    }
    if (i < list->count && text_sexpr_is_form(list->items[i], "param"))
        return wat_fail(p, list->items[i], "unexpected token: parameters must come before results");
    *out = (comp_functype){params.count, results.count, params.data, results.data};
    *at = i;
    return true;
}

static bool same_functype(const comp_functype *a, const comp_functype *b)
{
    return a->param_count == b->param_count && a->result_count == b->result_count &&
           (a->param_count == 0 || memcmp(a->params, b->params, a->param_count) == 0) &&
           (a->result_count == 0 || memcmp(a->results, b->results, a->result_count) == 0);
}

/* ---- signature -> first type index, hashed (big modules have many
 * implicit type uses; a scan per use would be quadratic) ---- */

static uint32_t functype_hash(const comp_functype *ft)
{
    uint32_t h = 2166136261u; /* FNV-1a over the counts and types */
    h = (h ^ ft->param_count) * 16777619u;
    for (uint32_t i = 0; i < ft->param_count; i++)
        h = (h ^ ft->params[i]) * 16777619u;
    h = (h ^ ft->result_count) * 16777619u;
    for (uint32_t i = 0; i < ft->result_count; i++)
        h = (h ^ ft->results[i]) * 16777619u;
    return h;
}

/* The slot holding a type equal to `ft`, or the empty slot where it goes. */
static uint32_t *type_slot(const wat_parser *p, const comp_functype *ft)
{
    const comp_functype *types = p->type_list.data;
    uint32_t mask = p->type_slot_cap - 1;
    for (uint32_t h = functype_hash(ft) & mask;; h = (h + 1) & mask) {
        uint32_t *slot = &p->type_slots[h];
        if (!*slot || same_functype(&types[*slot - 1], ft))
            return slot;
    }
}

bool wat_type_note(wat_parser *p, uint32_t index)
{
    if ((p->type_list.count + 1) * 2 > p->type_slot_cap) {
        uint32_t cap = p->type_slot_cap ? p->type_slot_cap * 2 : 64;
        uint32_t *old = p->type_slots, old_cap = p->type_slot_cap;
        p->type_slots = comp_arena_array(p->arena, cap, sizeof *p->type_slots);
        if (!p->type_slots)
            return wat_oom(p, NULL);
        p->type_slot_cap = cap;
        const comp_functype *types = p->type_list.data;
        for (uint32_t i = 0; i < old_cap; i++)
            if (old[i])
                *type_slot(p, &types[old[i] - 1]) = old[i];
    }
    uint32_t *slot = type_slot(p, &((const comp_functype *)p->type_list.data)[index]);
    if (!*slot)
        *slot = index + 1; /* the first equal type keeps the slot */
    return true;
}

bool wat_type_for(wat_parser *p, const comp_functype *ft, const text_sexpr *at, uint32_t *index)
{
    if (p->type_slot_cap) {
        uint32_t *slot = type_slot(p, ft);
        if (*slot) {
            *index = *slot - 1;
            return true;
        }
    }
    comp_functype *added = comp_vec_push(p->arena, &p->type_list, sizeof *added);
    if (!added)
        return wat_oom(p, at);
    *added = *ft;
    return wat_space_add(p, &p->types, NULL, index) && wat_type_note(p, *index);
}

bool wat_typeuse(wat_parser *p, const text_sexpr *list, uint32_t *at, uint32_t *type,
                 comp_vec *param_names)
{
    uint32_t i = *at;
    bool has_index = false;
    const text_sexpr *use = i < list->count ? list->items[i] : list;
    if (i < list->count && text_sexpr_is_form(list->items[i], "type")) {
        const text_sexpr *t = list->items[i];
        if (t->count != 2)
            return wat_expected(p, t->count > 2 ? t->items[2] : t, "one type index");
        if (!wat_index(p, &p->types, t->items[1], type))
            return false;
        has_index = true;
        i++;
    }
    uint32_t inline_start = i;
    comp_functype ft;
    if (!wat_functype_items(p, list, &i, &ft, param_names))
        return false;
    bool has_inline = i > inline_start;
    if (has_index) {
        if (*type >= p->type_list.count) {
            /* A numeric index past the end: the validator reports it. */
            if (has_inline)
                return wat_fail(p, use, "unknown type %u", *type);
            *at = i;
            return true;
        }
        const comp_functype *declared = &((const comp_functype *)p->type_list.data)[*type];
        if (has_inline && !same_functype(declared, &ft))
            return wat_fail(p, list->items[inline_start], "inline function type does not match "
                                                          "the type it uses");
        if (!has_inline && param_names) {
            /* The parameters are the type's, unnamed. */
            for (uint32_t k = 0; k < declared->param_count; k++) {
                const text_sexpr **n = comp_vec_push(p->arena, param_names, sizeof *n);
                if (!n)
                    return wat_oom(p, use);
            }
        }
    } else if (!wat_type_for(p, &ft, use, type)) {
        return false;
    }
    *at = i;
    return true;
}

/* A limit: u32, or u64 for 64-bit memories and tables. */
static bool limit_value(wat_parser *p, const text_sexpr *e, bool is64, uint64_t *out)
{
    if (is64)
        return text_int_u64(&e->tok, out, p->err);
    uint32_t v;
    if (!text_int_u32(&e->tok, &v, p->err))
        return false;
    *out = v;
    return true;
}

static bool is_int(const text_sexpr *e)
{
    return e && e->kind == SX_ATOM && e->tok.kind == TOK_INT;
}

bool wat_index_type_is64(const text_sexpr *e) { return wat_is_keyword(e, "i64"); }

bool wat_limits(wat_parser *p, const text_sexpr *list, uint32_t *at, comp_limits *out)
{
    uint32_t i = *at;
    *out = (comp_limits){0, 0, 0};
    /* memory64 / table64: an index type before the limits. */
    const text_sexpr *e = i < list->count ? list->items[i] : NULL;
    if (wat_index_type_is64(e) || wat_is_keyword(e, "i32")) {
        if (wat_index_type_is64(e))
            out->flags |= COMP_LIMITS_64;
        e = ++i < list->count ? list->items[i] : NULL;
    }
    bool is64 = out->flags & COMP_LIMITS_64;
    if (!is_int(e))
        return wat_expected(p, e ? e : list, "limits (a minimum size)");
    if (!limit_value(p, e, is64, &out->min))
        return false;
    e = ++i < list->count ? list->items[i] : NULL;
    if (is_int(e)) {
        if (!limit_value(p, e, is64, &out->max))
            return false;
        out->flags |= COMP_LIMITS_HAS_MAX;
        e = ++i < list->count ? list->items[i] : NULL;
    }
    if (wat_is_keyword(e, "shared")) {
        out->flags |= COMP_LIMITS_SHARED;
        i++;
    }
    *at = i;
    return true;
}
