/* Pairing: two instructions that often run one after the other become one
 * dispatch. The pass runs over finished code (opcode numbers, branch
 * targets still cell indices) and only rewrites the first instruction's
 * opcode: its combined handler reads the second instruction's operands where
 * they already are and skips its handler cell, so no cell moves and no
 * branch target changes. The second instruction must not be a branch
 * target (a jump there would skip the first); when it traps, the handler
 * first points pc at it, so the trap is located at that instruction. */
#include <stdlib.h>

#include "core/translate.h"

/* Cells per instruction (handler included) for the first halves. */
static const struct {
    enum rt_op first, second, paired;
    uint32_t first_cells;
} pairs[] = {
    {OP_i32_add_ri, OP_i32_add_ri, OP_i32_add_ri2, 4},
    {OP_f64_add_to_mem, OP_i32_add_ri, OP_f64_add_to_mem_add_ri, 4},
    {OP_copy2_64, OP_copy2_64, OP_copy4_64, 5},
    {OP_i32_add_ri, OP_br_if_i32_add_ri, OP_i32_add_ri_br_if_add_ri, 4},
    {OP_i32_rotl_ri, OP_i32_xor_rotl_ri, OP_i32_rotl_ri_xor_rotl_ri, 4},
    {OP_i32_add, OP_i32_add, OP_i32_add2, 4},
    {OP_i32_load, OP_i32_load, OP_i32_load2, 4},
    {OP_i32_store, OP_i32_store, OP_i32_store2, 4},
    {OP_i32_load, OP_i32_store, OP_i32_load_store, 4},
    {OP_i32_add_ri, OP_br_if, OP_i32_add_ri_br_if, 4},
    {OP_i32_add_ri, OP_br_if_i32_ne, OP_i32_add_ri_br_if_i32_ne, 4},
    {OP_i32_add_ri, OP_br_if_i32_lt_u, OP_i32_add_ri_br_if_i32_lt_u, 4},
    {OP_i32_add_ri, OP_br_if_i32_ge_u, OP_i32_add_ri_br_if_i32_ge_u, 4},
    {OP_i32_add_ri, OP_br_if_i32_lt_s, OP_i32_add_ri_br_if_i32_lt_s, 4},
    {OP_i32_add, OP_br_if_i32_lt_u, OP_i32_add_br_if_i32_lt_u, 4},
};

static enum rt_op paired_op(enum rt_op a, enum rt_op b, uint32_t *first_cells)
{
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i].first == a && pairs[i].second == b) {
            *first_cells = pairs[i].first_cells;
            return pairs[i].paired;
        }
    return OP_COUNT_;
}

void tr_pair_ops(tr *t)
{
    if (t->oom || t->map_count < 2)
        return;
    /* Pairing is an optimization: without memory for the map, skip it. */
    uint8_t *is_target = calloc(t->count, 1);
    if (!is_target)
        return;
    for (uint32_t i = 0; i < t->target_count; i++) {
        uint64_t to = t->cells[t->targets[i]].u;
        if (to < t->count)
            is_target[to] = 1;
    }
    for (uint32_t i = 0; i + 1 < t->map_count; i++) {
        uint32_t at = t->map[i].cell, next = t->map[i + 1].cell;
        uint32_t first_cells;
        enum rt_op paired = paired_op((enum rt_op)t->cells[at].op,
                                      (enum rt_op)t->cells[next].op, &first_cells);
        if (paired == OP_COUNT_ || is_target[next] || next != at + first_cells)
            continue;
        t->cells[at].op = (uintptr_t)paired;
        i++; /* the second half is taken */
    }
    free(is_target);
}
