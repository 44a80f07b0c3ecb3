#include "encode_dedup.h"

#include <string.h>

#include "encode_util.h"

static uint32_t mix(uint32_t h, uint32_t v)
{
    return (h ^ v) * 16777619u;
}

static uint32_t mix_str(uint32_t h, comp_str s)
{
    h = mix(h, s.len);
    for (uint32_t i = 0; i < s.len; i++)
        h = mix(h, (uint8_t)s.data[i]);
    return h;
}

static uint32_t mix_vt(uint32_t h, comp_cvaltype v)
{
    return mix(mix(h, v.prim), v.prim ? 0 : v.index);
}

static bool vt_eq(comp_cvaltype a, comp_cvaltype b)
{
    return a.prim == b.prim && (a.prim || a.index == b.index);
}

static uint32_t type_hash(const comp_type *t)
{
    uint32_t h = mix(2166136261u, t->kind);
    switch (t->kind) {
    case COMP_TYPE_RECORD:
        for (uint32_t i = 0; i < t->u.record.field_count; i++)
            h = mix_vt(mix_str(h, t->u.record.fields[i].label), t->u.record.fields[i].type);
        break;
    case COMP_TYPE_VARIANT:
        for (uint32_t i = 0; i < t->u.variant.case_count; i++) {
            const comp_case *c = &t->u.variant.cases[i];
            h = mix_str(h, c->label);
            if (c->has_type)
                h = mix_vt(h, c->type);
        }
        break;
    case COMP_TYPE_LIST:
    case COMP_TYPE_FIXED_LIST:
        h = mix(mix_vt(h, t->u.list.elem), t->u.list.length);
        break;
    case COMP_TYPE_TUPLE:
        for (uint32_t i = 0; i < t->u.tuple.type_count; i++)
            h = mix_vt(h, t->u.tuple.types[i]);
        break;
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        for (uint32_t i = 0; i < t->u.labels.label_count; i++)
            h = mix_str(h, t->u.labels.labels[i]);
        break;
    case COMP_TYPE_OPTION:
        h = mix_vt(h, t->u.option);
        break;
    case COMP_TYPE_RESULT:
        h = mix(mix(h, t->u.result.has_ok), t->u.result.has_err);
        h = mix_vt(mix_vt(h, t->u.result.ok), t->u.result.err);
        break;
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        h = mix(h, t->u.resource);
        break;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        h = mix_vt(mix(h, t->u.async.has_payload), t->u.async.payload);
        break;
    case COMP_TYPE_MAP:
        h = mix_vt(mix_vt(h, t->u.map.key), t->u.map.value);
        break;
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        for (uint32_t i = 0; i < t->u.func.param_count; i++)
            h = mix_vt(mix_str(h, t->u.func.params[i].label), t->u.func.params[i].type);
        h = mix_vt(mix(h, t->u.func.has_result), t->u.func.result);
        break;
    default:
        break;
    }
    return h;
}

static bool type_eq(const comp_type *a, const comp_type *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case COMP_TYPE_RECORD:
        if (a->u.record.field_count != b->u.record.field_count)
            return false;
        for (uint32_t i = 0; i < a->u.record.field_count; i++)
            if (!comp_str_eq(a->u.record.fields[i].label, b->u.record.fields[i].label) ||
                !vt_eq(a->u.record.fields[i].type, b->u.record.fields[i].type))
                return false;
        return true;
    case COMP_TYPE_VARIANT:
        if (a->u.variant.case_count != b->u.variant.case_count)
            return false;
        for (uint32_t i = 0; i < a->u.variant.case_count; i++) {
            const comp_case *x = &a->u.variant.cases[i], *y = &b->u.variant.cases[i];
            if (!comp_str_eq(x->label, y->label) || x->has_type != y->has_type ||
                (x->has_type && !vt_eq(x->type, y->type)))
                return false;
        }
        return true;
    case COMP_TYPE_LIST:
    case COMP_TYPE_FIXED_LIST:
        return vt_eq(a->u.list.elem, b->u.list.elem) && a->u.list.length == b->u.list.length;
    case COMP_TYPE_TUPLE:
        if (a->u.tuple.type_count != b->u.tuple.type_count)
            return false;
        for (uint32_t i = 0; i < a->u.tuple.type_count; i++)
            if (!vt_eq(a->u.tuple.types[i], b->u.tuple.types[i]))
                return false;
        return true;
    case COMP_TYPE_FLAGS:
    case COMP_TYPE_ENUM:
        if (a->u.labels.label_count != b->u.labels.label_count)
            return false;
        for (uint32_t i = 0; i < a->u.labels.label_count; i++)
            if (!comp_str_eq(a->u.labels.labels[i], b->u.labels.labels[i]))
                return false;
        return true;
    case COMP_TYPE_OPTION:
        return vt_eq(a->u.option, b->u.option);
    case COMP_TYPE_RESULT:
        return a->u.result.has_ok == b->u.result.has_ok && a->u.result.has_err == b->u.result.has_err &&
               (!a->u.result.has_ok || vt_eq(a->u.result.ok, b->u.result.ok)) &&
               (!a->u.result.has_err || vt_eq(a->u.result.err, b->u.result.err));
    case COMP_TYPE_OWN:
    case COMP_TYPE_BORROW:
        return a->u.resource == b->u.resource;
    case COMP_TYPE_STREAM:
    case COMP_TYPE_FUTURE:
        return a->u.async.has_payload == b->u.async.has_payload &&
               (!a->u.async.has_payload || vt_eq(a->u.async.payload, b->u.async.payload));
    case COMP_TYPE_MAP:
        return vt_eq(a->u.map.key, b->u.map.key) && vt_eq(a->u.map.value, b->u.map.value);
    case COMP_TYPE_FUNC:
    case COMP_TYPE_ASYNC_FUNC:
        if (a->u.func.param_count != b->u.func.param_count || a->u.func.has_result != b->u.func.has_result)
            return false;
        for (uint32_t i = 0; i < a->u.func.param_count; i++)
            if (!comp_str_eq(a->u.func.params[i].label, b->u.func.params[i].label) ||
                !vt_eq(a->u.func.params[i].type, b->u.func.params[i].type))
                return false;
        return !a->u.func.has_result || vt_eq(a->u.func.result, b->u.func.result);
    default:
        return comp_is_primvaltype(a->kind);
    }
}

uint32_t dedup_find(const dedup_table *d, const comp_type *t)
{
    if (!d->cap)
        return UINT32_MAX;
    for (uint32_t i = type_hash(t) & (d->cap - 1);; i = (i + 1) & (d->cap - 1)) {
        if (!d->slots[i].type)
            return UINT32_MAX;
        if (type_eq(d->slots[i].type, t))
            return d->slots[i].index;
    }
}

static void place(dedup_slot *slots, uint32_t cap, dedup_slot s)
{
    uint32_t i = type_hash(s.type) & (cap - 1);
    while (slots[i].type)
        i = (i + 1) & (cap - 1);
    slots[i] = s;
}

bool dedup_add(comp_arena *a, dedup_table *d, const comp_type *t, uint32_t index)
{
    if ((d->count + 1) * 2 > d->cap) {
        uint32_t cap = d->cap ? d->cap * 2 : 16;
        if (cap > (1u << 28))
            return false;
        dedup_slot *slots = comp_arena_array(a, cap, sizeof *slots);
        if (!slots)
            return false;
        for (uint32_t i = 0; i < d->cap; i++)
            if (d->slots[i].type)
                place(slots, cap, d->slots[i]);
        d->slots = slots;
        d->cap = cap;
    }
    place(d->slots, d->cap, (dedup_slot){t, index});
    d->count++;
    return true;
}
