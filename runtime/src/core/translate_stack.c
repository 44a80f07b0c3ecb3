/* Code emission and the translator's virtual operand stack: where each wasm
 * operand really is (its own slot, a local, or a constant) and the copies
 * that make it concrete when needed. */
#include <stdlib.h>
#include <string.h>

#include "core/translate.h"

bool tr_grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    uint64_t n = *cap ? (uint64_t)*cap * 2 : 64;
    while (n < need)
        n *= 2;
    if (n > UINT32_MAX / 2 || n * elem > SIZE_MAX / 2)
        return false;
    void *p = realloc(*arr, (size_t)n * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = (uint32_t)n;
    return true;
}

void tr_put(tr *t, cell c)
{
    if (t->oom)
        return;
    if (!tr_grow((void **)&t->cells, &t->cap, t->count + 1, sizeof(cell))) {
        t->oom = true;
        return;
    }
    t->cells[t->count++] = c;
}

void tr_put_u(tr *t, uint64_t u) { tr_put(t, (cell){.u = u}); }

/* Slot operands are stored as byte offsets from the frame base, which
 * saves the interpreter a scaling step per operand. */
uint64_t tr_slot_bytes(uint32_t slot_index) { return (uint64_t)slot_index * sizeof(slot); }
void tr_put_slot(tr *t, uint32_t slot_index) { tr_put_u(t, tr_slot_bytes(slot_index)); }
void tr_put_fn(tr *t, any_fn f) { tr_put(t, (cell){.fn = f}); }

void tr_op(tr *t, enum rt_op o, size_t offset)
{
    t->last_op_cell = TR_NONE;
    t->last_dst_cell = TR_NONE;
    t->last_copy_cell = TR_NONE;
    if (t->oom)
        return;
    if (!tr_grow((void **)&t->map, &t->map_cap, t->map_count + 1, sizeof(rt_pcmap))) {
        t->oom = true;
        return;
    }
    t->map[t->map_count++] = (rt_pcmap){t->count, (uint32_t)(offset - t->body_offset)};
    tr_put(t, (cell){.op = (uintptr_t)o});
}

/* An instruction whose first immediate is its destination slot: remembered
 * so a following local.set can retarget it. */
void tr_op_dst(tr *t, enum rt_op o, size_t offset, uint32_t dst)
{
    uint32_t at = t->count;
    tr_op(t, o, offset);
    tr_put_slot(t, dst);
    if (!t->oom) {
        t->last_op_cell = at;
        t->last_dst_cell = at + 1;
        t->last_op = o;
    }
}

/* A cell holding a target cell index, converted to a pointer at the end. */
void tr_put_target(tr *t, uint32_t index)
{
    if (t->oom)
        return;
    if (!tr_grow((void **)&t->targets, &t->target_cap, t->target_count + 1, sizeof(uint32_t))) {
        t->oom = true;
        return;
    }
    t->targets[t->target_count++] = t->count;
    tr_put_u(t, index);
}

bool tr_fail(tr *t, size_t offset, const char *msg)
{
    return comp_error_set(t->err, offset, "%s", msg);
}

/* ---- the virtual stack ------------------------------------------------------ */

uint32_t tr_slot_at(const tr *t, uint32_t h) { return t->locals + h; }

static vop *vpush(tr *t)
{
    if (!tr_grow((void **)&t->vs, &t->vs_cap, t->height + 1, sizeof(vop))) {
        t->oom = true;
        return NULL;
    }
    vop *v = &t->vs[t->height++];
    if (t->height > t->max_height)
        t->max_height = t->height;
    memset(v, 0, sizeof *v);
    return v;
}

/* Pushes a value computed into its own slot; returns the slot. */
uint32_t tr_push_slot(tr *t)
{
    uint32_t h = t->height;
    vop *v = vpush(t);
    if (v)
        v->kind = V_STACK;
    return tr_slot_at(t, h);
}

void tr_push_local(tr *t, uint32_t local)
{
    vop *v = vpush(t);
    if (v) {
        v->kind = V_LOCAL;
        v->local = local;
    }
}

void tr_push_const(tr *t, uint64_t imm, bool wide)
{
    vop *v = vpush(t);
    if (v) {
        v->kind = V_CONST;
        v->imm = imm;
        v->wide = wide;
    }
}

void tr_pop(tr *t, uint32_t n)
{
    t->height = n <= t->height ? t->height - n : 0;
    if (t->clean_below > t->height)
        t->clean_below = t->height;
}

void tr_materialize_all(tr *t, size_t at)
{
    if (t->clean_below > t->height)
        t->clean_below = t->height;
    tr_materialize_range(t, t->clean_below, t->height, at);
    t->clean_below = t->height;
}

void tr_bound_window(tr *t, size_t at)
{
    if (t->clean_below > t->height)
        t->clean_below = t->height;
    while (t->height - t->clean_below > TR_VIRTUAL_WINDOW)
        tr_materialize(t, t->clean_below++, at);
}

/* A copy; two in a row become one copy2 (done in order), which saves a
 * dispatch in the moves before calls and at the ends of loops. */
static void emit_copy(tr *t, uint32_t dst, uint32_t src, size_t at)
{
    uint32_t prev = t->last_copy_cell;
    if (prev != TR_NONE && !t->oom && prev + 3 == t->count) {
        t->cells[prev].op = OP_copy2;
        tr_put_slot(t, dst);
        tr_put_slot(t, src);
        t->last_copy_cell = TR_NONE;
        return;
    }
    uint32_t here = t->count;
    tr_op(t, OP_copy, at);
    tr_put_slot(t, dst);
    tr_put_slot(t, src);
    if (!t->oom)
        t->last_copy_cell = here;
}

/* Writes operand `h` into slot `dst` (no code if it is already there). */
void tr_move_to(tr *t, uint32_t h, uint32_t dst, size_t at)
{
    const vop *v = &t->vs[h];
    switch (v->kind) {
    case V_STACK:
        if (tr_slot_at(t, h) != dst)
            emit_copy(t, dst, tr_slot_at(t, h), at);
        break;
    case V_LOCAL:
        if (v->local != dst)
            emit_copy(t, dst, v->local, at);
        break;
    default:
        tr_op(t, v->wide ? OP_const64 : OP_const32, at);
        tr_put_slot(t, dst);
        tr_put_u(t, v->imm);
        break;
    }
}

void tr_materialize(tr *t, uint32_t h, size_t at)
{
    if (t->vs[h].kind == V_STACK)
        return;
    tr_move_to(t, h, tr_slot_at(t, h), at);
    t->vs[h].kind = V_STACK;
}

void tr_materialize_range(tr *t, uint32_t from, uint32_t to, size_t at)
{
    for (uint32_t h = from; h < to; h++)
        tr_materialize(t, h, at);
}

void tr_materialize_top(tr *t, uint32_t n, size_t at)
{
    tr_materialize_range(t, t->height - n, t->height, at);
}

/* Before `local` changes, operands that still refer to it get copies. */
void tr_materialize_local(tr *t, uint32_t local, size_t at)
{
    for (uint32_t h = t->clean_below < t->height ? t->clean_below : t->height; h < t->height; h++)
        if (t->vs[h].kind == V_LOCAL && t->vs[h].local == local)
            tr_materialize(t, h, at);
}

/* The slot to read operand `h` from (constants are written to theirs). */
uint32_t tr_src(tr *t, uint32_t h, size_t at)
{
    vop *v = &t->vs[h];
    if (v->kind == V_LOCAL)
        return v->local;
    if (v->kind == V_CONST)
        tr_materialize(t, h, at);
    return tr_slot_at(t, h);
}

uint32_t tr_src_top(tr *t, uint32_t k, size_t at) { return tr_src(t, t->height - 1 - k, at); }

/* Marks entries [from, to) as living in their own slots (after a label). */
void tr_settle(tr *t, uint32_t from, uint32_t to)
{
    for (uint32_t h = from; h < to && h < t->vs_cap; h++)
        t->vs[h].kind = V_STACK;
}

/* ---- blocks and branches ------------------------------------------------------ */

/* n operands in, one result out: dst, then the operand slots (deepest first). */
void tr_emit_n(tr *t, enum rt_op o, size_t at, uint32_t n)
{
    uint32_t s[3];
    for (uint32_t k = 0; k < n; k++)
        s[n - 1 - k] = tr_src_top(t, k, at);
    tr_pop(t, n);
    uint32_t dst = tr_push_slot(t);
    tr_op_dst(t, o, at, dst);
    for (uint32_t k = 0; k < n; k++)
        tr_put_slot(t, s[k]);
}

/* n operands in, nothing out. */
void tr_emit_sink(tr *t, enum rt_op o, size_t at, uint32_t n)
{
    uint32_t s[3];
    for (uint32_t k = 0; k < n; k++)
        s[n - 1 - k] = tr_src_top(t, k, at);
    tr_pop(t, n);
    tr_op(t, o, at);
    for (uint32_t k = 0; k < n; k++)
        tr_put_slot(t, s[k]);
}

