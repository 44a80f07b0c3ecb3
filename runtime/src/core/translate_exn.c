/* Translation of exception handling: throw, throw_ref and try_table.
 *
 * A try_table becomes a plain block plus an entry in the function's
 * handler table (rt_handler) covering the cells of its body; nothing is
 * executed on entry except a branch over its landing pads. A landing pad
 * is one `br` to a catch clause's label, so labels are resolved by the
 * usual patch chains; the unwinder (interp.c) writes the exception's
 * values where that label expects its operands and jumps to the pad. */
#include <string.h>

#include "core/translate.h"

static bool translate_throw(tr *t, const insn *in)
{
    size_t at = in->offset;
    const comp_functype *ft = &t->m->types[t->tag_types[in->idx]];
    uint32_t n = ft->param_count;
    for (uint32_t i = 0; i < n; i++)
        t->has_v128 |= ft->params[i] == COMP_V128;
    tr_materialize_top(t, n, at);
    uint32_t base = tr_slot_at(t, t->height - n);
    tr_pop(t, n);
    tr_op(t, OP_throw, at);
    tr_put_u(t, in->idx);
    tr_put_slot(t, base);
    t->ctls[t->ctl_count - 1].unreachable = true;
    return true;
}

static bool translate_throw_ref(tr *t, const insn *in)
{
    uint32_t src = tr_src_top(t, 0, in->offset);
    tr_pop(t, 1);
    tr_op(t, OP_throw_ref, in->offset);
    tr_put_slot(t, src);
    t->ctls[t->ctl_count - 1].unreachable = true;
    return true;
}

static bool translate_try_table(tr *t, const insn *in, const rd *r)
{
    size_t at = in->offset;
    uint32_t np, nr;
    tr_block_arity(t, in, &np, &nr);
    tr_materialize_all(t, at);
    if (!tr_grow((void **)&t->handlers, &t->handler_cap, t->handler_count + 1,
                 sizeof(rt_handler)) ||
        !tr_grow((void **)&t->catches, &t->catch_cap, t->catch_count + in->catch_count,
                 sizeof(rt_catch))) {
        t->oom = true;
        return false;
    }
    uint32_t h = t->handler_count++;
    t->handlers[h] = (rt_handler){.first_catch = t->catch_count, .catch_count = in->catch_count};
    if (in->catch_count) {
        /* The pads sit before the body: entering the try_table skips them. */
        tr_op(t, OP_br, at);
        uint32_t skip = t->count;
        tr_put_target(t, 0);
        insn_targets it;
        insn_catch c;
        insn_catches_begin(in, r, &it);
        for (uint32_t i = 0; i < in->catch_count; i++) {
            if (!insn_catches_next(&it, &c))
                return tr_fail(t, at, "malformed catch clause");
            /* Clause labels are outside the try_table (its own label is
             * not pushed yet), as branches see them. */
            const ctl *target = &t->ctls[t->ctl_count - 1 - c.label];
            rt_catch *k = &t->catches[t->catch_count++];
            k->kind = c.kind;
            k->tag = c.tag;
            k->dst = (uint32_t)tr_slot_bytes(tr_slot_at(t, target->height));
            k->pad = t->count;
            tr_op(t, OP_br, at);
            tr_branch_target(t, c.label);
        }
        if (!t->oom)
            t->cells[skip].u = t->count;
    }
    tr_mark_label(t);
    if (!tr_push_ctl(t, CTL_BLOCK, np, nr))
        return false;
    t->ctls[t->ctl_count - 1].handler = h;
    t->handlers[h].start = t->count;
    return true;
}

bool tr_translate_exn(tr *t, const insn *in, const rd *r)
{
    switch (in->op) {
    case 0x08:
        return translate_throw(t, in);
    case 0x0a:
        return translate_throw_ref(t, in);
    default:
        return translate_try_table(t, in, r);
    }
}

void tr_close_handler(tr *t, const ctl *c)
{
    t->handlers[c->handler].end = t->count;
}
